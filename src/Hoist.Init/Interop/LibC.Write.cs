using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>write(2): the bytes written, or -1 (EPIPE when no process holds the pipe's read end:
    /// the runtime ignores SIGPIPE).</summary>
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(int fd, byte* buffer, nint count);
}
