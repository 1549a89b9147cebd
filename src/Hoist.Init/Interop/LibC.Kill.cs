using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>kill(2): sends a signal to a process (pid &gt; 0) or to every member of a process group
    /// (-pgid). Signal 0 only checks that the target exists (ESRCH when it does not).</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
