using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int WNoHang = 1;

    /// <summary>waitpid(2): reaps a child that ended (pid -1: any child, the reparented orphans of a
    /// subreaper included); returns its pid, 0 with WNOHANG when none ended yet, or -1 (ECHILD: no children).</summary>
    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int WaitPid(int pid, out int status, int options);
}
