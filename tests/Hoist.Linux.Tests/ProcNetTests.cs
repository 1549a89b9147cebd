using Hoist.Linux.Proc;

namespace Hoist.Linux.Tests;

public sealed class ProcNetTests
{
    private const string Tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   100        0 1 1 0 100 0 0 10 0
           1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0
           2: 0100007F:18EB 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000   100        0 3 1 0 20 4 30 10 -1
        """;

    private const string Tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   100        0 4 1 0 100 0 0 10 0
           1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 1 0 100 0 0 10 0
        """;

    [Fact]
    public void Parse_Tcp_ReturnsListeningSocketsOnly()
    {
        var sockets = ProcNet.Parse(Tcp, "tcp", "0A").ToList();

        Assert.Equal([new ListeningSocket("tcp", "127.0.0.1", 6379), new ListeningSocket("tcp", "0.0.0.0", 80)], sockets);
    }

    [Fact]
    public void Parse_Tcp6_DecodesWordsInHostOrder()
    {
        var sockets = ProcNet.Parse(Tcp6, "tcp", "0A").ToList();

        Assert.Equal([new ListeningSocket("tcp", "::1", 6379), new ListeningSocket("tcp", "::", 80)], sockets);
    }

    [Fact]
    public async Task Listening_OwnProcess_SeesASocketItOpened()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        await Task.Yield();

        var sockets = ProcNet.Listening(Environment.ProcessId);

        Assert.Contains(new ListeningSocket("tcp", "127.0.0.1", port), sockets);
    }
}
