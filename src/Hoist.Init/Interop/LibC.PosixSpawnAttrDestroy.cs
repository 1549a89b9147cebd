using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawnattr_destroy(3).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    internal static unsafe partial int PosixSpawnAttrDestroy(void* attributes);
}
