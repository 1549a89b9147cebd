using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>recvmsg(2): one datagram with its control messages (SCM_CREDENTIALS); the bytes received, or -1.</summary>
    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    internal static unsafe partial nint RecvMsg(int socket, MessageHeader* message, int flags);
}
