using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int EpollCtlAdd = 1;
    internal const int EpollCtlDel = 2;
    internal const uint EpollIn = 0x001;
    internal const uint EpollErr = 0x008;
    internal const uint EpollHup = 0x010;

    /// <summary>epoll_ctl(2): adds or removes a descriptor; safe to call while another thread waits.</summary>
    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    internal static unsafe partial int EpollCtl(int epoll, int operation, int fd, EpollEvent* ev);
}
