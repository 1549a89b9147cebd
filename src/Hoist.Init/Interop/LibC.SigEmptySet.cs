using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>The size reserved for a sigset_t (128 bytes on glibc).</summary>
    internal const int SignalSetSize = 128;

    /// <summary>sigemptyset(3): a set with no signals.</summary>
    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    internal static unsafe partial int SigEmptySet(void* signalSet);
}
