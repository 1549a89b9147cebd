using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>posix_spawn(3): starts <paramref name="path"/> as a new process with the file actions and
    /// attributes applied in the child. glibc uses clone(CLONE_VM | CLONE_VFORK), which is safe in a
    /// multi-threaded process (unlike fork). Returns 0, or an errno value (errno itself is not set).</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int PosixSpawn(out int pid, string path, void* fileActions, void* attributes, byte** argv, byte** envp);
}
