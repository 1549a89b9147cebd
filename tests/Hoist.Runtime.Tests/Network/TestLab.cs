using System.Net;
using System.Security.Cryptography;
using Hoist.Core.Processes;
using Hoist.Runtime.Network;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.Network;

/// <summary>A lab network of one test: its own bridge ("hoistt" and 4 random hex digits), namespace prefix
/// and random 10.2xx.yy.0/24 subnet, so that tests run beside each other and beside real lab hosts without
/// touching them. Disposing it removes whatever the test left, then fails the test if 'ip netns list' or
/// 'ip link' still shows anything of it.</summary>
public sealed class TestLab : IAsyncDisposable
{
    private readonly HashSet<string> _hosts = [];

    public TestLab()
    {
        Prerequisites.RequireRoot();
        Ip = Prerequisites.RequireTool("ip", "iproute2");
        Prerequisites.RequireTool("perl", "perl-base");
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
        var subnet = IPNetwork.Parse($"10.{RandomNumberGenerator.GetInt32(200, 256)}.{RandomNumberGenerator.GetInt32(0, 256)}.0/24");
        Options = new LabNetworkOptions { BridgeName = $"hoistt{tag}", Subnet = subnet, NamespacePrefix = $"hoistt{tag}-" };
        Network = new LabNetwork(Options);
    }

    public string Ip { get; }

    public LabNetworkOptions Options { get; }

    public LabNetwork Network { get; }

    /// <summary>Names a host the test will make, so that disposal looks for its namespace and veth.</summary>
    public string Host(string name)
    {
        _hosts.Add(name);
        return name;
    }

    /// <summary>The host address .N of the test's subnet.</summary>
    public IPAddress Address(int last)
    {
        var bytes = Options.Subnet.BaseAddress.GetAddressBytes();
        bytes[3] = (byte)last;
        return new IPAddress(bytes);
    }

    /// <summary>Runs 'ip ARGUMENTS' and returns its output; fails the test when it fails.</summary>
    public async Task<string> IpAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec(Ip, arguments) { Timeout = TimeSpan.FromSeconds(20) }, CancellationToken.None);
        Assert.True(result.Succeeded, $"ip {string.Join(' ', arguments)}: {result.Stderr}");
        return result.Stdout;
    }

    /// <summary>The links enslaved to the test's bridge.</summary>
    public async Task<IReadOnlyList<string>> BridgePortsAsync()
    {
        var json = await IpAsync("-j", "link", "show", "master", Options.BridgeName);
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var links = System.Text.Json.JsonDocument.Parse(json);
        return [.. links.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!)];
    }

    /// <summary>What 'ip netns list' and 'ip link' show of this lab: namespaces with its prefix, its bridge,
    /// the veths of the hosts named through <see cref="Host"/>.</summary>
    public async Task<IReadOnlyList<string>> TracesAsync()
    {
        var names = _hosts.Select(Network.VethName).Append(Options.BridgeName).ToList();
        var namespaces = (await IpAsync("netns", "list")).Split('\n').Where(l => l.StartsWith(Options.NamespacePrefix, StringComparison.Ordinal));
        var links = (await IpAsync("-o", "link")).Split('\n').Where(l => names.Any(n => l.Contains(n, StringComparison.Ordinal)));
        return [.. namespaces, .. links];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await Network.RemoveHostNetworkAsync(host, CancellationToken.None);
        }

        foreach (var netns in (await IpAsync("netns", "list")).Split('\n').Where(l => l.StartsWith(Options.NamespacePrefix, StringComparison.Ordinal)))
        {
            await IpAsync("netns", "delete", netns.Split(' ')[0]);
        }

        await ProcessRunner.RunAsync(new ProcessSpec(Ip, "link", "delete", Options.BridgeName), CancellationToken.None);
        File.Delete(Path.Combine("/run/hoist", $"network-{Options.BridgeName}.lock"));
        var after = await TracesAsync();
        Assert.True(after.Count == 0, $"could not clean up after the test: {string.Join("; ", after)}");
    }
}
