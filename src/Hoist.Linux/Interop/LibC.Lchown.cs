using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>lchown(2): sets a file's owner and group, without following a symlink.</summary>
    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LChown(string path, uint uid, uint gid);
}
