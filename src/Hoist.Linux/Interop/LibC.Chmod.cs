using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>chmod(2): sets a file's permission bits, setuid, setgid and sticky included. It
    /// follows a symlink at the last component (Linux has no lchmod).</summary>
    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chmod(string path, uint mode);
}
