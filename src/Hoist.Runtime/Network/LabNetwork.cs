using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Linux.Proc;

namespace Hoist.Runtime.Network;

/// <summary>
/// The network of lab hosts that have their own: one Linux bridge in the machine's root namespace holding
/// the subnet's first address, and per host a network namespace joined to it by a veth pair. Everything
/// is done by running iproute2's 'ip' with a timeout. Every method is idempotent (it brings the machine
/// to the state it describes, whatever part of it is there already), and a method of several steps that
/// fails undoes the steps it took before rethrowing.
/// </summary>
public sealed class LabNetwork
{
    private const string GuestInterface = "eth0";

    private readonly IpTool _ip = new();
    private readonly LabSubnet _subnet;

    /// <summary>Throws <see cref="ErrorKind.InvalidArgument"/> when the options are not valid
    /// (see <see cref="LabNetworkOptions.Validate"/>).</summary>
    public LabNetwork(LabNetworkOptions options)
    {
        options.Validate();
        Options = options;
        _subnet = new LabSubnet(options.Subnet);
        BridgeAddress = _subnet.Gateway;
    }

    public LabNetworkOptions Options { get; }

    /// <summary>The bridge's address, the subnet's first: every host's default gateway, and the address
    /// the machine's root namespace reaches hosts from.</summary>
    public IPAddress BridgeAddress { get; }

    /// <summary>Called with each step's name ("namespace", "veth", "address", "loopback", "eth0", "route",
    /// "bridge port") before <see cref="CreateHostNetworkAsync"/> takes it, so that tests can make one fail.</summary>
    internal Action<string>? BeforeStep { get; set; }

    /// <summary>The path of host <paramref name="host"/>'s network namespace, which runc joins by path.</summary>
    public string NamespacePath(string host) => Path.Combine("/run/netns", NamespaceName(host));

    /// <summary>Takes the machine-wide lock of this lab's bridge (under /run/hoist), waiting while another
    /// process holds it. Hold it from <see cref="EnsureBridgeAsync"/> until a new host's address is recorded,
    /// and from <see cref="RemoveHostNetworkAsync"/> through <see cref="RemoveBridgeIfUnusedAsync"/>, so that
    /// no bridge is removed under a host being created and no address is handed out twice.</summary>
    public Task<FileLock> AcquireLockAsync(Action? onWait, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(Path.Combine("/run/hoist", $"network-{Options.BridgeName}.lock"), onWait, cancellationToken);

    /// <summary>Makes sure the bridge exists, holds the subnet's first address and is up. Returns true when
    /// this call created it. Throws <see cref="ErrorKind.FailedPrecondition"/> when a link of that name is no
    /// bridge, or when a step fails (after deleting the bridge if this call created it).</summary>
    public async Task<bool> EnsureBridgeAsync(CancellationToken cancellationToken)
    {
        var bridge = Options.BridgeName;
        var kind = await _ip.LinkKindAsync(null, bridge, cancellationToken).ConfigureAwait(false);
        if (kind is not (null or "bridge"))
        {
            throw HoistException.FailedPrecondition(
                $"interface {bridge} exists and is not a bridge (it is a {(kind.Length == 0 ? "device" : kind)})",
                "choose another bridge name, or remove that interface");
        }

        var undo = new UndoStack();
        try
        {
            if (kind is null)
            {
                await _ip.RunAsync($"creating bridge {bridge}", ["link", "add", bridge, "type", "bridge"], cancellationToken).ConfigureAwait(false);
                undo.Push($"deleting bridge {bridge}", () => _ip.RunAsync($"deleting bridge {bridge}", ["link", "delete", bridge], CancellationToken.None));
            }

            await _ip.RunAsync($"giving bridge {bridge} address {BridgeAddress}", ["address", "replace", Cidr(BridgeAddress), "dev", bridge], cancellationToken).ConfigureAwait(false);
            await _ip.RunAsync($"bringing bridge {bridge} up", ["link", "set", bridge, "up"], cancellationToken).ConfigureAwait(false);
            return kind is null;
        }
        catch (Exception e)
        {
            await undo.RollBackAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Gives host <paramref name="host"/> its network: namespace PREFIX+host, a veth pair whose outer end
    /// (named after a hash, see <see cref="VethName"/>) is a port of the bridge and whose inner end is eth0
    /// with <paramref name="address"/>, loopback and eth0 up, and a default route through the bridge. The
    /// bridge must exist (<see cref="EnsureBridgeAsync"/>). Throws <see cref="ErrorKind.InvalidArgument"/> for
    /// a bad host name or an address that is not a host address of the subnet other than the bridge's;
    /// <see cref="ErrorKind.FailedPrecondition"/> when another namespace of the lab already has the address,
    /// when the host's namespace has another one, or when a step fails. On failure the namespace and veth
    /// pair are removed if this call created them.
    /// </summary>
    public async Task CreateHostNetworkAsync(string host, IPAddress address, CancellationToken cancellationToken)
    {
        var netns = NamespaceName(host);
        var veth = VethName(host);
        CheckHostAddress(address);
        await CheckAddressIsFreeAsync(netns, address, cancellationToken).ConfigureAwait(false);

        var undo = new UndoStack();
        try
        {
            BeforeStep?.Invoke("namespace");
            var createdNamespace = !(await _ip.NamespacesAsync(cancellationToken).ConfigureAwait(false)).Contains(netns);
            if (createdNamespace)
            {
                await _ip.RunAsync($"creating network namespace {netns}", ["netns", "add", netns], cancellationToken).ConfigureAwait(false);
                undo.Push($"deleting network namespace {netns}", () => _ip.RunAsync($"deleting network namespace {netns}", ["netns", "delete", netns], CancellationToken.None));
            }

            BeforeStep?.Invoke("veth");
            var vethKind = await _ip.LinkKindAsync(null, veth, cancellationToken).ConfigureAwait(false);
            if (vethKind is null)
            {
                // The inner end is created inside the namespace under its final name: nothing named eth0
                // ever appears in the root namespace, and no second step can fail between create and move.
                await _ip.RunAsync($"creating veth pair {veth} for host '{host}'", ["link", "add", veth, "type", "veth", "peer", "name", GuestInterface, "netns", netns], cancellationToken).ConfigureAwait(false);
                undo.Push($"deleting veth {veth}", () => _ip.RunAsync($"deleting veth {veth}", ["link", "delete", veth], CancellationToken.None));
            }
            else if (createdNamespace || vethKind != "veth")
            {
                throw HoistException.FailedPrecondition(
                    $"interface {veth} exists already and does not belong to host '{host}'", $"remove it with 'ip link delete {veth}'");
            }

            await StepAsync("address", $"giving {netns} address {address}", ["-n", netns, "address", "replace", $"{address}/{Options.Subnet.PrefixLength}", "dev", GuestInterface], cancellationToken).ConfigureAwait(false);
            await StepAsync("loopback", $"bringing lo up in {netns}", ["-n", netns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
            await StepAsync("eth0", $"bringing eth0 up in {netns}", ["-n", netns, "link", "set", GuestInterface, "up"], cancellationToken).ConfigureAwait(false);
            await StepAsync("route", $"routing {netns} through {BridgeAddress}", ["-n", netns, "route", "replace", "default", "via", BridgeAddress.ToString(), "dev", GuestInterface], cancellationToken).ConfigureAwait(false);
            await StepAsync("bridge port", $"attaching {veth} to bridge {Options.BridgeName}", ["link", "set", "dev", veth, "master", Options.BridgeName, "up"], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await undo.RollBackAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes host <paramref name="host"/>'s network: its veth pair, then its namespace. Does
    /// nothing for what is already gone. Throws <see cref="ErrorKind.FailedPrecondition"/> when 'ip' fails.</summary>
    public async Task RemoveHostNetworkAsync(string host, CancellationToken cancellationToken)
    {
        var netns = NamespaceName(host);
        var veth = VethName(host);

        // Deleting the namespace would take the pair with it, but only once the kernel's namespace cleanup
        // has run, later and only if no process is left inside. Deleting the outer end removes both at once.
        if (await _ip.LinkKindAsync(null, veth, cancellationToken).ConfigureAwait(false) == "veth")
        {
            await _ip.RunAsync($"deleting veth {veth}", ["link", "delete", veth], cancellationToken).ConfigureAwait(false);
        }

        if ((await _ip.NamespacesAsync(cancellationToken).ConfigureAwait(false)).Contains(netns))
        {
            await _ip.RunAsync($"deleting network namespace {netns}", ["netns", "delete", netns], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the bridge when no link is attached to it. Returns true when it deleted it; false
    /// when it is in use or already gone. Throws <see cref="ErrorKind.FailedPrecondition"/> when 'ip' fails.</summary>
    public async Task<bool> RemoveBridgeIfUnusedAsync(CancellationToken cancellationToken)
    {
        var bridge = Options.BridgeName;
        if (await _ip.LinkKindAsync(null, bridge, cancellationToken).ConfigureAwait(false) != "bridge"
            || (await _ip.PortsOfAsync(bridge, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return false;
        }

        await _ip.RunAsync($"deleting bridge {bridge}", ["link", "delete", bridge], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The lowest host address of the subnet, from the second (.2 of a /24) up to the last before
    /// the broadcast address (.254), that is not in <paramref name="taken"/>. Throws
    /// <see cref="ErrorKind.FailedPrecondition"/> when all are taken.</summary>
    public IPAddress AllocateAddress(IEnumerable<IPAddress> taken)
    {
        var used = taken.ToHashSet();
        return _subnet.HostAddresses().FirstOrDefault(a => !used.Contains(a)) ?? throw HoistException.FailedPrecondition(
            $"no free address in {Options.Subnet}: all {_subnet.HostAddressCount} host addresses are taken",
            "remove a lab host with its own network ('hoist host rm NAME'), or create the host with the shared network");
    }

    /// <summary>The TCP and UDP ports listened on in host <paramref name="host"/>'s namespace, or in the
    /// machine's root namespace when null, read from /proc/net/{tcp,tcp6,udp,udp6} (inside a namespace
    /// through 'ip netns exec NS cat'), sorted by protocol, port and address. Throws
    /// <see cref="ErrorKind.NotFound"/> when the host has no namespace.</summary>
    public async Task<IReadOnlyList<ListeningSocket>> ListeningPortsAsync(string? host, CancellationToken cancellationToken)
    {
        string? netns = null;
        if (host is not null)
        {
            netns = NamespaceName(host);
            if (!(await _ip.NamespacesAsync(cancellationToken).ConfigureAwait(false)).Contains(netns))
            {
                throw HoistException.NotFound($"host '{host}' has no network namespace ({NamespacePath(host)})");
            }
        }

        var tables = await Task.WhenAll(ProcNet.Tables.Select(t => ReadTableAsync(netns, t.File, cancellationToken))).ConfigureAwait(false);
        return [.. ProcNet.Tables.Zip(tables)
            .SelectMany(pair => ProcNet.Parse(pair.Second, pair.First.Protocol, pair.First.ListeningState))
            .Distinct()
            .OrderBy(p => p.Protocol, StringComparer.Ordinal).ThenBy(p => p.Port).ThenBy(p => p.Address, StringComparer.Ordinal)];
    }

    /// <summary>PREFIX+host, after checking the host name (<see cref="ErrorKind.InvalidArgument"/>).</summary>
    internal string NamespaceName(string host) => Options.NamespacePrefix + Names.Validate(host, "host name");

    /// <summary>The outer end of a host's veth pair: "hv" and 10 hex digits of the SHA-256 of the namespace
    /// name, 12 characters, under the kernel's 15. Hashing the namespace name rather than the host name
    /// keeps two labs with different prefixes (tests beside real hosts) from naming a veth alike.</summary>
    internal string VethName(string host)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(NamespaceName(host)));
        return "hv" + Convert.ToHexStringLower(hash.AsSpan(0, 5));
    }

    private async Task StepAsync(string step, string what, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        BeforeStep?.Invoke(step);
        await _ip.RunAsync(what, arguments, cancellationToken).ConfigureAwait(false);
    }

    private void CheckHostAddress(IPAddress address)
    {
        if (!_subnet.IsHostAddress(address))
        {
            throw HoistException.InvalidArgument(
                $"address {address} is not a host address of the lab subnet {Options.Subnet}",
                $"use one from {_subnet.FirstHostAddress} to {_subnet.LastHostAddress}");
        }
    }

    // Two namespaces on one bridge with one address would each answer ARP for it: refuse before touching anything.
    private async Task CheckAddressIsFreeAsync(string netns, IPAddress address, CancellationToken cancellationToken)
    {
        foreach (var other in await _ip.NamespacesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!other.StartsWith(Options.NamespacePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var addresses = await _ip.AddressesAsync(other, GuestInterface, cancellationToken).ConfigureAwait(false);
            if (other != netns && addresses.Contains(address))
            {
                throw HoistException.FailedPrecondition(
                    $"address {address} is already used by network namespace {other}", "choose another address, or remove that host first");
            }

            if (other == netns && addresses.FirstOrDefault(a => !a.Equals(address)) is { } existing)
            {
                throw HoistException.FailedPrecondition(
                    $"network namespace {netns} already exists with address {existing}, not {address}", "remove the host's network first");
            }
        }
    }

    private async Task<string> ReadTableAsync(string? netns, string file, CancellationToken cancellationToken)
    {
        var path = $"/proc/net/{file}";
        if (netns is null)
        {
            // /proc/net shows the namespace of the reading process: this one's, the root namespace.
            return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : string.Empty;
        }

        var result = await _ip.TryRunAsync(["netns", "exec", netns, "cat", path], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && result.Stderr.Contains("No such file", StringComparison.Ordinal))
        {
            return string.Empty; // IPv6 disabled in that namespace: no tcp6 and udp6 tables.
        }

        return result.Succeeded
            ? result.Stdout
            : throw new HoistException(ErrorKind.FailedPrecondition, $"reading {path} in {netns} failed (exit code {result.ExitCode})") { Details = result.Tail };
    }

    private string Cidr(IPAddress address) => string.Create(CultureInfo.InvariantCulture, $"{address}/{Options.Subnet.PrefixLength}");
}
