using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>setrlimit(2): raising the hard limit needs CAP_SYS_RESOURCE, and in a container it
    /// may be refused even to root, so callers never ask for more than the current hard limit.</summary>
    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    internal static partial int SetRLimit(int resource, in ResourceLimit limit);
}
