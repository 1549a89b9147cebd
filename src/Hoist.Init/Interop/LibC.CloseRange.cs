using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int CloseRangeCloExec = 4;

    /// <summary>close_range(2) (Linux 5.11, glibc 2.34); with CLOSE_RANGE_CLOEXEC it only marks the
    /// descriptors close-on-exec, so nothing that still uses them breaks before the exec.</summary>
    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    internal static partial int CloseRange(uint first, uint last, int flags);
}
