using System.Net;
using System.Net.Sockets;
using Hoist.Linux.Net;

namespace Hoist.Linux.Tests;

public sealed class PortProbeTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    public void IsTaken_TcpListenerOnAnyAddress_True(string address)
    {
        using var listener = new Socket(IPAddress.Parse(address).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        listener.Listen();

        Assert.True(PortProbe.IsTaken(Port(listener), udp: false));
    }

    [Fact]
    public void IsTaken_UdpSocket_TakenForUdpOnly()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        Assert.True(PortProbe.IsTaken(Port(udp), udp: true));
    }

    [Fact]
    public void IsTaken_PortClosedAgain_FalseAndLeavesNothingBound()
    {
        int port;
        using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            port = Port(listener);
        }

        Assert.False(PortProbe.IsTaken(port, udp: false));
        // The probe's own socket is closed: the port can be listened on right after.
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
