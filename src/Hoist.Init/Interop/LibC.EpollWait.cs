using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>epoll_wait(2): how many events were stored (timeout -1 waits for ever), or -1 (EINTR).</summary>
    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    internal static unsafe partial int EpollWait(int epoll, EpollEvent* events, int maxEvents, int timeout);
}
