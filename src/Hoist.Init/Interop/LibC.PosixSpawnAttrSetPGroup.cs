using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawnattr_setpgroup(3): the child's process group (with POSIX_SPAWN_SETPGROUP);
    /// 0 makes a new group whose id is the child's pid.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    internal static unsafe partial int PosixSpawnAttrSetPGroup(void* attributes, int processGroup);
}
