using System.Globalization;
using Hoist.Core.Processes;

namespace Hoist.Runtime.Tests.Network;

/// <summary>A small perl server, in a network namespace or in the root one: it listens on a TCP port and
/// binds a UDP port, and answers each TCP connection with "hello from NAME".</summary>
public sealed class Listener : IAsyncDisposable
{
    private const string Script = """
        my ($addr, $name) = @ARGV;
        my $t = IO::Socket::INET->new(LocalAddr => $addr, LocalPort => 0, Listen => 5, ReuseAddr => 1) or die "tcp: $!";
        # IO::Socket::INET leaves a UDP socket unbound for 0.0.0.0 and port 0: bind it by hand.
        my $u = IO::Socket::INET->new(Proto => "udp") or die "udp: $!";
        bind($u, Socket::pack_sockaddr_in(0, Socket::inet_aton($addr))) or die "bind: $!";
        $| = 1;
        print "ready ", $t->sockport, " ", $u->sockport, "\n";
        while (my $c = $t->accept) { print $c "hello from $name\n"; close $c; }
        """;

    private readonly ExternalProcess _process;

    private Listener(ExternalProcess process, int tcpPort, int udpPort)
    {
        _process = process;
        TcpPort = tcpPort;
        UdpPort = udpPort;
    }

    public int TcpPort { get; }

    public int UdpPort { get; }

    /// <summary>Starts the server in namespace <paramref name="netns"/> (the root one when null), bound to
    /// <paramref name="address"/>, and waits until it listens.</summary>
    public static async Task<Listener> StartAsync(string ip, string? netns, string address, string name)
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] command = ["perl", "-MIO::Socket::INET", "-e", Script, address, name];
        var spec = new ProcessSpec(netns is null ? command[0] : ip, netns is null ? command[1..] : ["netns", "exec", netns, .. command])
        {
            Timeout = TimeSpan.FromMinutes(5),
            OnStdout = line => ready.TrySetResult(line),
        };
        var process = ExternalProcess.Start(spec);
        var exited = process.WaitAsync(CancellationToken.None);
        var first = await Task.WhenAny(ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(20));
        if (first != ready.Task)
        {
            var result = await exited;
            Assert.Fail($"the listener exited with code {result.ExitCode}: {result.Stderr}");
        }

        var words = (await ready.Task).Split(' ');
        Assert.Equal("ready", words[0]);
        return new Listener(process, int.Parse(words[1], CultureInfo.InvariantCulture), int.Parse(words[2], CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
