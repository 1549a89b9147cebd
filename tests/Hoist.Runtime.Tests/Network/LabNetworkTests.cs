using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Linux.Proc;

namespace Hoist.Runtime.Tests.Network;

/// <summary>The lab network with real bridges, namespaces and veth pairs, as root.</summary>
public sealed class LabNetworkTests : IAsyncLifetime
{
    private readonly TestLab _lab = new();

    [Fact]
    public async Task EnsureBridgeAsync_Twice_CreatesOnceAndStaysUpWithAddress()
    {
        Assert.True(await _lab.Network.EnsureBridgeAsync(CancellationToken.None));
        Assert.False(await _lab.Network.EnsureBridgeAsync(CancellationToken.None));

        using var link = JsonDocument.Parse(await _lab.IpAsync("-j", "-d", "address", "show", "dev", _lab.Options.BridgeName));
        var bridge = link.RootElement[0];
        Assert.Equal("bridge", bridge.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Contains("UP", bridge.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var addresses = bridge.GetProperty("addr_info").EnumerateArray()
            .Where(a => a.GetProperty("family").GetString() == "inet")
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}");
        Assert.Equal([$"{_lab.Address(1)}/24"], addresses);
    }

    [Fact]
    public async Task CreateHostNetworkAsync_ListenerInside_ReachableFromRootNamespace()
    {
        var host = _lab.Host("web");
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);

        await _lab.Network.CreateHostNetworkAsync(host, _lab.Address(2), CancellationToken.None);

        Assert.True(File.Exists(_lab.Network.NamespacePath(host)));
        Assert.Equal($"/run/netns/{_lab.Options.NamespacePrefix}web", _lab.Network.NamespacePath(host));
        Assert.InRange(_lab.Network.VethName(host).Length, 1, 15);
        await using var listener = await Listener.StartAsync(_lab.Ip, _lab.Network.NamespaceName(host), "0.0.0.0", host);
        Assert.Equal("hello from web", await ReadGreetingAsync(_lab.Address(2), listener.TcpPort));
    }

    [Fact]
    public async Task CreateHostNetworkAsync_Twice_IdempotentAndStillReachable()
    {
        var host = _lab.Host("again");
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);

        await _lab.Network.CreateHostNetworkAsync(host, _lab.Address(7), CancellationToken.None);
        await _lab.Network.CreateHostNetworkAsync(host, _lab.Address(7), CancellationToken.None);

        await using var listener = await Listener.StartAsync(_lab.Ip, _lab.Network.NamespaceName(host), "0.0.0.0", host);
        Assert.Equal("hello from again", await ReadGreetingAsync(_lab.Address(7), listener.TcpPort));
    }

    [Fact]
    public async Task CreateHostNetworkAsync_TwoHosts_DifferentAddressesReachEachOther()
    {
        var (a, b) = (_lab.Host("a"), _lab.Host("b"));
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);
        var addressA = _lab.Network.AllocateAddress([]);
        await _lab.Network.CreateHostNetworkAsync(a, addressA, CancellationToken.None);
        var addressB = _lab.Network.AllocateAddress([addressA]);
        await _lab.Network.CreateHostNetworkAsync(b, addressB, CancellationToken.None);

        Assert.Equal(_lab.Address(2), addressA);
        Assert.Equal(_lab.Address(3), addressB);
        await using var listener = await Listener.StartAsync(_lab.Ip, _lab.Network.NamespaceName(a), "0.0.0.0", a);
        const string Client = """
            my $s = IO::Socket::INET->new(PeerAddr => $ARGV[0], PeerPort => $ARGV[1], Timeout => 10) or die "connect: $!";
            print scalar <$s>;
            """;
        var result = await ProcessRunner.RunAsync(
            new ProcessSpec(_lab.Ip, "netns", "exec", _lab.Network.NamespaceName(b), "perl", "-MIO::Socket::INET", "-e", Client, addressA.ToString(), $"{listener.TcpPort}")
            {
                Timeout = TimeSpan.FromSeconds(30),
            },
            CancellationToken.None);
        Assert.True(result.Succeeded, result.Stderr);
        Assert.Equal("hello from a\n", result.Stdout);
    }

    [Fact]
    public async Task RemoveHostNetworkAsync_ThenBridge_NothingLeftAndRepeatable()
    {
        var host = _lab.Host("gone");
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);
        await _lab.Network.CreateHostNetworkAsync(host, _lab.Address(2), CancellationToken.None);
        Assert.False(await _lab.Network.RemoveBridgeIfUnusedAsync(CancellationToken.None));

        await _lab.Network.RemoveHostNetworkAsync(host, CancellationToken.None);
        await _lab.Network.RemoveHostNetworkAsync(host, CancellationToken.None);
        Assert.True(await _lab.Network.RemoveBridgeIfUnusedAsync(CancellationToken.None));
        Assert.False(await _lab.Network.RemoveBridgeIfUnusedAsync(CancellationToken.None));

        Assert.False(File.Exists(_lab.Network.NamespacePath(host)));
        Assert.Empty(await _lab.TracesAsync());
    }

    [Fact]
    public async Task CreateHostNetworkAsync_AddressOfAnotherHost_FailedPreconditionAndNothingOfItLeft()
    {
        var (first, second) = (_lab.Host("first"), _lab.Host("second"));
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);
        await _lab.Network.CreateHostNetworkAsync(first, _lab.Address(5), CancellationToken.None);

        var error = await Assert.ThrowsAsync<HoistException>(() => _lab.Network.CreateHostNetworkAsync(second, _lab.Address(5), CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains($"address {_lab.Address(5)} is already used", error.Message);
        Assert.False(File.Exists(_lab.Network.NamespacePath(second)));
        var links = await _lab.IpAsync("-o", "link");
        Assert.DoesNotContain(_lab.Network.VethName(second), links);
        Assert.Contains(_lab.Network.VethName(first), links);
    }

    [Theory]
    [InlineData("veth")]
    [InlineData("address")]
    [InlineData("route")]
    [InlineData("bridge port")]
    public async Task CreateHostNetworkAsync_StepFails_NamespaceAndVethUndone(string failingStep)
    {
        var host = _lab.Host("broken");
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);
        _lab.Network.BeforeStep = step =>
        {
            if (step == failingStep)
            {
                throw HoistException.FailedPrecondition($"injected failure before step '{step}'");
            }
        };

        var error = await Assert.ThrowsAsync<HoistException>(() => _lab.Network.CreateHostNetworkAsync(host, _lab.Address(9), CancellationToken.None));

        Assert.Equal($"injected failure before step '{failingStep}'", error.Message);
        Assert.False(File.Exists(_lab.Network.NamespacePath(host)));
        Assert.DoesNotContain(_lab.Network.VethName(host), await _lab.IpAsync("-o", "link"));
        Assert.Empty(await _lab.BridgePortsAsync());
        Assert.Contains(_lab.Options.BridgeName, Assert.Single(await _lab.TracesAsync()));
    }

    [Fact]
    public async Task CreateHostNetworkAsync_CancelledMidway_CancellationAndNothingLeft()
    {
        var host = _lab.Host("cancelled");
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        _lab.Network.BeforeStep = step =>
        {
            if (step == "route")
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _lab.Network.CreateHostNetworkAsync(host, _lab.Address(4), cancel.Token));

        Assert.False(File.Exists(_lab.Network.NamespacePath(host)));
        Assert.Empty(await _lab.BridgePortsAsync());
    }

    [Fact]
    public async Task CreateHostNetworkAsync_NoBridge_FailsAndNothingLeft()
    {
        var host = _lab.Host("orphan");

        var error = await Assert.ThrowsAsync<HoistException>(() => _lab.Network.CreateHostNetworkAsync(host, _lab.Address(2), CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains(_lab.Options.BridgeName, error.Message);
        Assert.Empty(await _lab.TracesAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    public async Task CreateHostNetworkAsync_NotAHostAddress_InvalidArgument(int last)
    {
        var host = _lab.Host("bad");

        var error = await Assert.ThrowsAsync<HoistException>(() => _lab.Network.CreateHostNetworkAsync(host, _lab.Address(last), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(await _lab.TracesAsync());
    }

    [Fact]
    public async Task ListeningPortsAsync_ListenerInNamespace_SeesItsTcpAndUdpPortsOnly()
    {
        var host = _lab.Host("ports");
        await _lab.Network.EnsureBridgeAsync(CancellationToken.None);
        await _lab.Network.CreateHostNetworkAsync(host, _lab.Address(2), CancellationToken.None);
        Assert.Empty(await _lab.Network.ListeningPortsAsync(host, CancellationToken.None));

        await using var listener = await Listener.StartAsync(_lab.Ip, _lab.Network.NamespaceName(host), "0.0.0.0", host);
        var ports = await _lab.Network.ListeningPortsAsync(host, CancellationToken.None);

        Assert.Equal([new ListeningSocket("tcp", "0.0.0.0", listener.TcpPort), new ListeningSocket("udp", "0.0.0.0", listener.UdpPort)], ports);
    }

    [Fact]
    public async Task ListeningPortsAsync_RootNamespace_SeesLoopbackListener()
    {
        await using var listener = await Listener.StartAsync(_lab.Ip, null, "127.0.0.1", "root");

        var ports = await _lab.Network.ListeningPortsAsync(null, CancellationToken.None);

        Assert.Contains(ports, p => p.Protocol == "tcp" && p.Port == listener.TcpPort && p.Address == "127.0.0.1");
        Assert.Contains(ports, p => p.Protocol == "udp" && p.Port == listener.UdpPort && p.Address == "127.0.0.1");
    }

    [Fact]
    public async Task ListeningPortsAsync_NoNamespace_NotFound()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => _lab.Network.ListeningPortsAsync(_lab.Host("nobody"), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _lab.DisposeAsync().AsTask();

    private static async Task<string> ReadGreetingAsync(IPAddress address, int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var client = new TcpClient();
        await client.ConnectAsync(address, port, timeout.Token);
        using var reader = new StreamReader(client.GetStream());
        return await reader.ReadLineAsync(timeout.Token) ?? string.Empty;
    }
}
