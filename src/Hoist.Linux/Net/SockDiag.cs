using System.Buffers.Binary;
using System.Net;
using Hoist.Linux.Interop;
using Hoist.Linux.Proc;

namespace Hoist.Linux.Net;

/// <summary>
/// The listening sockets of this process's network namespace, asked of the kernel through netlink
/// (NETLINK_SOCK_DIAG, the interface `ss` uses). The kernel filters by state itself: the dump walks only
/// the listening sockets, where reading /proc/net/tcp walks the whole connection table (4 to 5 ms per
/// file on a 2-core, 24 GiB machine with a single socket open; this asks all four tables in well under 1 ms).
/// </summary>
public static class SockDiag
{
    private const int NetlinkSockDiag = 4;
    private const ushort SockDiagByFamily = 20;
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDump = 0x300;
    private const int HeaderSize = 16;
    private const int RequestSize = HeaderSize + 56;
    private const int TcpListen = 10;
    private const int TcpClose = 7;

    private static readonly (byte Family, byte Protocol, string Name, int State)[] Queries =
    [
        (2, 6, "tcp", TcpListen),
        (10, 6, "tcp", TcpListen),
        (2, 17, "udp", TcpClose),
        (10, 17, "udp", TcpClose),
    ];

    /// <summary>Every listening TCP socket and every unconnected UDP socket with a port of this network
    /// namespace (IPv4 and IPv6), each with its inode (to match it to a process's descriptors). Throws
    /// <see cref="LinuxException"/> when the kernel refuses the query.</summary>
    public static IReadOnlyList<(ListeningSocket Socket, ulong Inode)> Listening()
    {
        var descriptor = LibC.Socket(LibC.AfNetlink, LibC.SockRaw | LibC.SockCloexec, NetlinkSockDiag);
        if (descriptor < 0)
        {
            throw LinuxException.FromLastError("socket", "NETLINK_SOCK_DIAG");
        }

        try
        {
            var sockets = new List<(ListeningSocket, ulong)>();
            var buffer = new byte[32 * 1024];
            foreach (var query in Queries)
            {
                Request(descriptor, query.Family, query.Protocol, query.State, buffer);
                ReadDump(descriptor, query.Name, buffer, sockets);
            }

            return sockets;
        }
        finally
        {
            LibC.Close(descriptor);
        }
    }

    // nlmsghdr, then inet_diag_req_v2: family, protocol, extensions, padding, the states wanted as a bit
    // mask, and an all-zero inet_diag_sockid (no filter on addresses).
    private static unsafe void Request(int descriptor, byte family, byte protocol, int state, byte[] buffer)
    {
        var request = buffer.AsSpan(0, RequestSize);
        request.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, RequestSize);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], NlmFRequest | NlmFDump);
        request[HeaderSize] = family;
        request[HeaderSize + 1] = protocol;
        BinaryPrimitives.WriteUInt32LittleEndian(request[(HeaderSize + 4)..], 1u << state);
        fixed (byte* pointer = buffer)
        {
            if (LibC.Send(descriptor, pointer, RequestSize, 0) != RequestSize)
            {
                throw LinuxException.FromLastError("send", "NETLINK_SOCK_DIAG");
            }
        }
    }

    private static unsafe void ReadDump(int descriptor, string protocol, byte[] buffer, List<(ListeningSocket, ulong)> sockets)
    {
        while (true)
        {
            nint received;
            fixed (byte* pointer = buffer)
            {
                received = LibC.Receive(descriptor, pointer, (nuint)buffer.Length, 0);
            }

            if (received < 0)
            {
                throw LinuxException.FromLastError("recv", "NETLINK_SOCK_DIAG");
            }

            var offset = 0;
            while (offset + HeaderSize <= received)
            {
                var message = buffer.AsSpan(offset, (int)received - offset);
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(message);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(message[4..]);
                if (length < HeaderSize || length > message.Length)
                {
                    throw new IOException($"NETLINK_SOCK_DIAG: a reply of {length} bytes does not fit the {message.Length} received");
                }

                switch (type)
                {
                    case NlmsgDone:
                        return;
                    case NlmsgError:
                        var errno = -BinaryPrimitives.ReadInt32LittleEndian(message[HeaderSize..]);
                        throw new LinuxException("sock_diag", protocol, errno);
                    case SockDiagByFamily when Parse(message[HeaderSize..length], protocol) is { Socket.Port: > 0 } socket:
                        sockets.Add(socket);
                        break;
                }

                offset += (length + 3) & ~3;
            }
        }
    }

    // inet_diag_msg: family, state, timer, retransmits, then inet_diag_sockid (source port and destination
    // port big-endian, source and destination addresses as 16 bytes each, interface, cookie), expires,
    // receive and send queues, uid, inode.
    private static (ListeningSocket Socket, ulong Inode) Parse(ReadOnlySpan<byte> message, string protocol)
    {
        var family = message[0];
        var port = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var address = family == 2 ? new IPAddress(message.Slice(8, 4)) : new IPAddress(message.Slice(8, 16));
        var inode = BinaryPrimitives.ReadUInt32LittleEndian(message[68..]);
        return (new ListeningSocket(protocol, address.ToString(), port), inode);
    }
}
