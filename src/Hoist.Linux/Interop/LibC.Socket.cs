using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    internal const int AfNetlink = 16;
    internal const int SockRaw = 3;
    internal const int SockCloexec = 0x80000;

    /// <summary>socket(2): a new socket's descriptor, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    /// <summary>send(2) on a socket; for an unconnected netlink socket the message goes to the kernel.</summary>
    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    internal static unsafe partial nint Send(int socket, byte* buffer, nuint length, int flags);

    /// <summary>recv(2): the bytes received, 0 at end of stream, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    internal static unsafe partial nint Receive(int socket, byte* buffer, nuint length, int flags);

    /// <summary>bind(2): 0, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(int socket, byte* address, uint length);

    /// <summary>setsockopt(2) of an int option: 0, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(int socket, int level, int name, int* value, uint length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int descriptor);
}
