using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawn_file_actions_adddup2(3): in the child, dup2(fd, newFd); the copy does not
    /// have FD_CLOEXEC, so it survives the exec. Returns 0 or an errno value.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    internal static unsafe partial int PosixSpawnFileActionsAddDup2(void* fileActions, int fd, int newFd);
}
