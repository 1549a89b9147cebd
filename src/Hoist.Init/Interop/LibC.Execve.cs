using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>execve(2): replaces this process with the program; returns only on failure (-1).
    /// argv and envp are arrays of NUL-terminated strings, each ending with a null pointer.</summary>
    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    internal static unsafe partial int Execve(byte* path, byte** argv, byte** envp);
}
