using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawnattr_setflags(3): which of the other attributes apply; returns 0 or an errno value.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    internal static unsafe partial int PosixSpawnAttrSetFlags(void* attributes, SpawnFlags flags);
}
