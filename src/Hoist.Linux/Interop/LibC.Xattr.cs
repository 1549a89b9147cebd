using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>llistxattr(2): names of a file's extended attributes, without following a symlink.</summary>
    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial nint LListXattr(string path, byte* list, nuint size);

    /// <summary>lgetxattr(2): one extended attribute's value, without following a symlink.</summary>
    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial nint LGetXattr(string path, string name, byte* value, nuint size);

    /// <summary>lsetxattr(2): sets one extended attribute, without following a symlink.</summary>
    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int LSetXattr(string path, string name, byte* value, nuint size, int flags);
}
