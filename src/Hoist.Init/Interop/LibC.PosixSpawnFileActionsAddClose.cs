using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawn_file_actions_addclose(3): in the child, close(fd). Returns 0 or an errno value.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclose")]
    internal static unsafe partial int PosixSpawnFileActionsAddClose(void* fileActions, int fd);
}
