using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int RLimitNoFile = 7;

    /// <summary>getrlimit(2).</summary>
    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetRLimit(int resource, out ResourceLimit limit);
}
