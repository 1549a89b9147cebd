using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>getpgid(2): the process group of a process, or -1 (ESRCH when it is gone).</summary>
    [LibraryImport("libc", EntryPoint = "getpgid", SetLastError = true)]
    internal static partial int GetPGid(int pid);
}
