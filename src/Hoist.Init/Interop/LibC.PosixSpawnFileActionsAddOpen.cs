using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int ORdOnly = 0;
    internal const int OWrOnly = 1;

    /// <summary>posix_spawn_file_actions_addopen(3): in the child, open <paramref name="path"/> as
    /// <paramref name="fd"/>. The path is copied, so the caller's string may go. Returns 0 or an errno value.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int PosixSpawnFileActionsAddOpen(void* fileActions, int fd, string path, int flags, uint mode);
}
