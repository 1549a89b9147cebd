using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>link(2): makes a new name for an existing file. Linux never follows a symlink at
    /// <paramref name="existing"/>: the new name is a hard link to the symlink itself.</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Link(string existing, string newPath);
}
