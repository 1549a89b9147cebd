using System.Net;
using System.Net.Sockets;
using Hoist.Linux.Net;
using Hoist.Linux.Proc;

namespace Hoist.Linux.Tests;

public sealed class SockDiagTests
{
    [Fact]
    public void Listening_SocketsOpenedHere_AreListedWithTheirAddresses()
    {
        using var tcp4 = Listen(IPAddress.Loopback);
        using var tcp6 = Listen(IPAddress.IPv6Loopback);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var connected = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        connected.Connect(tcp4.LocalEndPoint!);

        var sockets = SockDiag.Listening().Select(s => s.Socket).ToList();

        Assert.Contains(new ListeningSocket("tcp", "127.0.0.1", Port(tcp4)), sockets);
        Assert.Contains(new ListeningSocket("tcp", "::1", Port(tcp6)), sockets);
        Assert.Contains(new ListeningSocket("udp", "127.0.0.1", Port(udp)), sockets);
        Assert.DoesNotContain(sockets, s => s.Port == Port(connected));
    }

    [Fact]
    public void ProcessSockets_ThisProcess_FindsItsSocketByInode()
    {
        using var tcp = Listen(IPAddress.Loopback);

        var sockets = ProcessSockets.Listening(Environment.ProcessId);

        Assert.Contains(new ListeningSocket("tcp", "127.0.0.1", Port(tcp)), sockets);
    }

    private static Socket Listen(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen();
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
