using Hoist.Linux.Proc;

namespace Hoist.Linux.Tests;

public sealed class ProcNetParseTests
{
    [Fact]
    public void Parse_Tcp_OnlyListeningSockets()
    {
        const string Table = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
               1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 100 0 0 10 0
               2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1
            """;

        var ports = ProcNet.Parse(Table, "tcp", "0A").ToList();

        Assert.Equal([new ListeningSocket("tcp", "127.0.0.1", 8080), new ListeningSocket("tcp", "0.0.0.0", 22)], ports);
    }

    [Fact]
    public void Parse_Tcp6_WordsInMachineOrder()
    {
        const string Table = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 100 0 0 10 0
               1: 0000000000000000FFFF00000100007F:0051 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 100 0 0 10 0
               2: 000080FE00000000FF0000020100FCFE:0052 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2003 1 0000000000000000 100 0 0 10 0
            """;

        var ports = ProcNet.Parse(Table, "tcp", "0A").ToList();

        Assert.Equal(
            [
                new ListeningSocket("tcp", "::1", 80),
                new ListeningSocket("tcp", "::ffff:127.0.0.1", 81),
                new ListeningSocket("tcp", "fe80::200:ff:fefc:1", 82),
            ],
            ports);
    }

    [Fact]
    public void Parse_Udp_UnconnectedBoundSocketsOnly()
    {
        const string Table = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              10: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3001 2 0000000000000000 0
              11: 0200000A:A001 0100000A:0035 01 00000000:00000000 00:00000000 00000000     0        0 3002 2 0000000000000000 0
              12: 00000000:0000 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3003 2 0000000000000000 0
            """;

        var ports = ProcNet.Parse(Table, "udp", "07").ToList();

        Assert.Equal([new ListeningSocket("udp", "0.0.0.0", 5353)], ports);
    }

    [Fact]
    public void Parse_EmptyOrGarbage_Nothing()
    {
        Assert.Empty(ProcNet.Parse(string.Empty, "tcp", "0A"));
        Assert.Empty(ProcNet.Parse("  sl  local_address\n 0: XYZ:0016 00000000:0000 0A\n 1: 00000000 0A 0A 0A\n", "tcp", "0A"));
    }
}
