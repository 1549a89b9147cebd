using System.Net;
using System.Text.Json;
using Hoist.Core.Errors;
using Hoist.Core.Processes;

namespace Hoist.Runtime.Network;

/// <summary>Runs iproute2's 'ip' with a timeout and reads its JSON output. Every change to links,
/// addresses, routes and namespaces goes through it: the .NET process never enters a namespace.</summary>
internal sealed class IpTool
{
    /// <summary>An 'ip' call does one netlink exchange; seconds mean the kernel is stuck, not busy.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Lazy<string> _path = new(() => Tools.Require("ip", "iproute2"));

    /// <summary>Runs 'ip ARGUMENTS' and returns how it ended, whatever its exit code.</summary>
    public Task<ProcessResult> TryRunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(new ProcessSpec(_path.Value, arguments) { Timeout = Timeout, DisplayName = "'ip'" }, cancellationToken);

    /// <summary>Runs 'ip ARGUMENTS'; when it fails, throws <see cref="ErrorKind.FailedPrecondition"/> saying
    /// "<paramref name="what"/> failed" with ip's own error message and the command line in the details.</summary>
    public async Task<ProcessResult> RunAsync(string what, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await TryRunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new HoistException(ErrorKind.FailedPrecondition, $"{what} failed: {FirstLine(result)}")
            {
                Details = [$"ip {string.Join(' ', arguments)}", .. result.Tail],
            };
        }

        return result;
    }

    /// <summary>The kind of link <paramref name="name"/> ("bridge", "veth"; "" for a link without one, such
    /// as a physical NIC), in namespace <paramref name="netns"/> or the root one when null; null when no
    /// link has that name.</summary>
    public async Task<string?> LinkKindAsync(string? netns, string name, CancellationToken cancellationToken)
    {
        var result = await TryRunAsync([.. InNamespace(netns), "-j", "-d", "link", "show", "dev", name], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            if (result.Stderr.Contains("does not exist", StringComparison.Ordinal))
            {
                return null;
            }

            throw new HoistException(ErrorKind.FailedPrecondition, $"reading link {name} failed: {FirstLine(result)}") { Details = result.Tail };
        }

        foreach (var link in Parse(result.Stdout))
        {
            return link.TryGetProperty("linkinfo", out var info) && info.TryGetProperty("info_kind", out var kind) ? kind.GetString() ?? string.Empty : string.Empty;
        }

        return null;
    }

    /// <summary>The names of the links enslaved to bridge <paramref name="bridge"/> in the root namespace.</summary>
    public async Task<IReadOnlyList<string>> PortsOfAsync(string bridge, CancellationToken cancellationToken)
    {
        var result = await RunAsync($"listing the ports of bridge {bridge}", ["-j", "link", "show", "master", bridge], cancellationToken).ConfigureAwait(false);
        return [.. Parse(result.Stdout).Select(link => link.GetProperty("ifname").GetString() ?? string.Empty)];
    }

    /// <summary>The names of the network namespaces under /run/netns.</summary>
    public async Task<IReadOnlyList<string>> NamespacesAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync("listing network namespaces", ["-j", "netns", "list"], cancellationToken).ConfigureAwait(false);
        return [.. Parse(result.Stdout).Select(ns => ns.GetProperty("name").GetString() ?? string.Empty)];
    }

    /// <summary>The IPv4 addresses on link <paramref name="name"/> in namespace <paramref name="netns"/>;
    /// empty when the namespace or the link is gone (it may be removed while we look).</summary>
    public async Task<IReadOnlyList<IPAddress>> AddressesAsync(string netns, string name, CancellationToken cancellationToken)
    {
        var result = await TryRunAsync(["-n", netns, "-j", "-4", "address", "show", "dev", name], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return [];
        }

        return [.. Parse(result.Stdout)
            .Where(link => link.TryGetProperty("addr_info", out _))
            .SelectMany(link => link.GetProperty("addr_info").EnumerateArray())
            .Select(info => IPAddress.Parse(info.GetProperty("local").GetString()!))];
    }

    private static IEnumerable<string> InNamespace(string? netns) => netns is null ? [] : ["-n", netns];

    // 'ip -j' prints a JSON array, or nothing at all when there is nothing to list.
    private static List<JsonElement> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static string FirstLine(ProcessResult result)
    {
        var line = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return line ?? $"'ip' exited with code {result.ExitCode}";
    }
}
