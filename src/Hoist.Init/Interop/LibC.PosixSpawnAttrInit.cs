using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>The size reserved for a posix_spawnattr_t (336 bytes on glibc x86_64).</summary>
    internal const int SpawnAttributesSize = 512;

    /// <summary>posix_spawnattr_init(3): attributes with every flag off; returns 0 or an errno value.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    internal static unsafe partial int PosixSpawnAttrInit(void* attributes);
}
