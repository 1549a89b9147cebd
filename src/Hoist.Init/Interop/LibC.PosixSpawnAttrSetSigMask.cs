using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawnattr_setsigmask(3): the child's signal mask (with POSIX_SPAWN_SETSIGMASK).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    internal static unsafe partial int PosixSpawnAttrSetSigMask(void* attributes, void* signalSet);
}
