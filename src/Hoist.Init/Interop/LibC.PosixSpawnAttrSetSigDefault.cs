using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawnattr_setsigdefault(3): the signals reset to SIG_DFL in the child (with
    /// POSIX_SPAWN_SETSIGDEF). Needed because an ignored signal stays ignored across exec.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static unsafe partial int PosixSpawnAttrSetSigDefault(void* attributes, void* signalSet);
}
