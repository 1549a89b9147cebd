using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int OCloExec = 0x80000;

    /// <summary>pipe2(2): fds[0] is the read end, fds[1] the write end; with O_CLOEXEC neither leaks
    /// into a program another thread starts meanwhile.</summary>
    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    internal static unsafe partial int Pipe2(int* fds, int flags);
}
