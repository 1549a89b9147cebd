using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    /// <summary>openat(2): opens <paramref name="name"/> in the directory open as <paramref name="dirfd"/>,
    /// so that nothing above it is looked up again (a directory swapped for a symlink meanwhile
    /// cannot redirect the open). A new descriptor, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Openat(int dirfd, string name, int flags, uint mode);
}
