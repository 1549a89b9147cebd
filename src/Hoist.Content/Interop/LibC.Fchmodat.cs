using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    /// <summary>fchmodat(2) through glibc: with <see cref="AtSymlinkNoFollow"/> it sets a file's permission
    /// bits without ever following a symlink (a symlink itself gives EOPNOTSUPP), which chmod(2) cannot.</summary>
    [LibraryImport("libc", EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Fchmodat(int dirfd, string path, uint mode, int flags);
}
