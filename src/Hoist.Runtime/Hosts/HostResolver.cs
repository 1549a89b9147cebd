using Hoist.Core.Storage;
using Hoist.Library.Images;
using Hoist.Linux.Net;
using Hoist.Linux.Proc;
using Hoist.Packaging.Compatibility;
using Hoist.Runtime.Apps;
using Hoist.Runtime.Network;

namespace Hoist.Runtime.Hosts;

/// <summary>Tells the runtime what a host is: its OS root, network, facts, and what listens there.</summary>
public sealed class HostResolver : IHostResolver
{
    private readonly HostStore _hosts;
    private readonly ImageStore _images;
    private readonly LabNetwork _network;
    private readonly string _cache;
    private HostContext? _machine;

    /// <param name="cacheDirectory">Where this machine's facts are kept between commands (<see cref="MachineFacts"/>).</param>
    public HostResolver(HostStore hosts, ImageStore images, LabNetwork network, string cacheDirectory)
    {
        _hosts = hosts;
        _images = images;
        _network = network;
        _cache = cacheDirectory;
    }

    public HostContext Resolve(string name)
    {
        var host = _hosts.Get(name);
        if (host.IsLocal)
        {
            return _machine ??= Machine();
        }

        var image = _images.Get(host.Image);
        var own = host.Network == HostRecord.OwnNetwork;
        return new HostContext(
            host.Name,
            image.Name,
            image.RootPath,
            own ? _network.NamespacePath(host.Name) : null,
            host.Address,
            new Lazy<HostFacts>(image.ToHostFacts),
            image.Description,
            host.State,
            own
                ? async ct => (await _network.ListeningPortsAsync(host.Name, ct).ConfigureAwait(false)).ToHashSet()
                : ThisNamespace);
    }

    // The machine itself: its root is the host OS (the production case).
    private HostContext Machine()
    {
        var os = File.Exists("/etc/os-release") ? OsRelease.Parse(File.ReadAllText(RootPath.Resolve("/", "/etc/os-release"))) : new OsRelease(null, null, null, null);
        return new HostContext(
            HostRecord.LocalName,
            HostRecord.MachineRoot,
            "/",
            null,
            null,
            new Lazy<HostFacts>(() => MachineFacts.Read(HostRecord.LocalName, _cache)),
            os.PrettyName ?? "this machine",
            HostRecord.ReadyState,
            ThisNamespace);
    }

    // The machine's own network: the kernel's listening sockets through netlink, without walking its
    // connection table the way /proc/net does.
    private static Task<IReadOnlySet<ListeningSocket>> ThisNamespace(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<ListeningSocket>>(SockDiag.Listening().Select(s => s.Socket).ToHashSet());
}
