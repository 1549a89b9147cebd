using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>The size reserved for a posix_spawn_file_actions_t (80 bytes on glibc x86_64 and arm64).</summary>
    internal const int SpawnFileActionsSize = 256;

    /// <summary>posix_spawn_file_actions_init(3): an empty list of file actions; returns 0 or an errno value.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    internal static unsafe partial int PosixSpawnFileActionsInit(void* fileActions);
}
