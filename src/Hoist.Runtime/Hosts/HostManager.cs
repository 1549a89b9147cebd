using System.Net;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Library.Images;
using Hoist.Runtime.Network;

namespace Hoist.Runtime.Hosts;

/// <summary>Creates and removes lab hosts: a row in the library, and for a host with its own network a
/// namespace on the lab bridge. Changes to one host are serialized by its lock file
/// (<see cref="HostStore.LockOf"/>), across processes; changes to the lab network by its bridge lock
/// (<see cref="LabNetwork.AcquireLockAsync"/>).</summary>
public sealed class HostManager
{
    private readonly HostStore _hosts;
    private readonly ImageStore _images;
    private readonly LabNetwork _network;
    private readonly TimeProvider _time;

    public HostManager(HostStore hosts, ImageStore images, LabNetwork network, TimeProvider? time = null)
    {
        _hosts = hosts;
        _images = images;
        _network = network;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Creates host <paramref name="name"/> on OS image <paramref name="image"/> with network
    /// <paramref name="network"/> (<see cref="HostRecord.SharedNetwork"/> or <see cref="HostRecord.OwnNetwork"/>),
    /// in state ready. For an own network it makes sure the bridge exists, takes the lowest free address
    /// and creates the namespace; the row is stored last. Throws <see cref="ErrorKind.InvalidArgument"/> for
    /// a bad name, the name local or an unknown network; <see cref="ErrorKind.NotFound"/> when the image does
    /// not exist; <see cref="ErrorKind.AlreadyExists"/> when the name is taken (of two concurrent creates of
    /// one name, one wins and the other gets this); <see cref="ErrorKind.FailedPrecondition"/> when the subnet
    /// is full or a network step fails. Whatever fails, every step taken is undone: no namespace, veth, bridge
    /// made for it, or row is left.
    /// </summary>
    public async Task<HostRecord> CreateAsync(string name, string image, string network, CancellationToken cancellationToken)
    {
        Names.Validate(name, "host name");
        if (name == HostRecord.LocalName)
        {
            throw HoistException.InvalidArgument($"host name '{name}' is reserved for this machine", "choose another name");
        }

        if (network is not (HostRecord.SharedNetwork or HostRecord.OwnNetwork))
        {
            throw HoistException.InvalidArgument($"network '{network}' is not valid", $"use '{HostRecord.SharedNetwork}' or '{HostRecord.OwnNetwork}'");
        }

        _images.Get(image);
        using var hostLock = await FileLock.AcquireAsync(_hosts.LockOf(name), null, cancellationToken).ConfigureAwait(false);
        if (_hosts.Find(name) is not null)
        {
            throw HoistException.AlreadyExists($"host '{name}' already exists", "choose another name, or remove it first with 'hoist host rm NAME'");
        }

        var host = new HostRecord
        {
            Name = name,
            Image = image,
            Network = network,
            State = HostRecord.ReadyState,
            Created = _time.GetUtcNow(),
        };
        if (network == HostRecord.SharedNetwork)
        {
            _hosts.Add(host);
            return host;
        }

        // The bridge lock is held until the row is stored: the row is what marks the address as taken.
        using var networkLock = await _network.AcquireLockAsync(null, cancellationToken).ConfigureAwait(false);
        var undo = new UndoStack();
        try
        {
            if (await _network.EnsureBridgeAsync(cancellationToken).ConfigureAwait(false))
            {
                undo.Push($"removing bridge {_network.Options.BridgeName}", () => _network.RemoveBridgeIfUnusedAsync(CancellationToken.None));
            }

            var taken = _hosts.List().Where(h => h.Address is not null).Select(h => IPAddress.Parse(h.Address!));
            host = host with { Address = _network.AllocateAddress(taken).ToString() };

            // On failure CreateHostNetworkAsync undoes its own steps; once it succeeded, the network is ours to undo.
            await _network.CreateHostNetworkAsync(name, IPAddress.Parse(host.Address), cancellationToken).ConfigureAwait(false);
            undo.Push($"removing the network of host '{name}'", () => _network.RemoveHostNetworkAsync(name, CancellationToken.None));
            _hosts.Add(host);
            return host;
        }
        catch (Exception e)
        {
            await undo.RollBackAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Removes host <paramref name="name"/>: its network namespace and veth, then its row, then the lab
    /// bridge if no host is left on it. The network goes first so that a crash in between leaves a row
    /// to remove again, never a namespace that nothing records. <paramref name="appsOnHost"/> names the
    /// apps placed on a host; it is asked under the host's lock. Throws <see cref="ErrorKind.InvalidArgument"/>
    /// for local, <see cref="ErrorKind.NotFound"/> when there is no such host,
    /// <see cref="ErrorKind.FailedPrecondition"/> naming the apps while any is on the host, or when a network
    /// step fails (the row then stays, and removing again finishes the job).
    /// </summary>
    public async Task RemoveAsync(string name, Func<string, IReadOnlyList<string>> appsOnHost, CancellationToken cancellationToken)
    {
        if (name == HostRecord.LocalName)
        {
            throw HoistException.InvalidArgument($"host '{name}' is this machine itself and cannot be removed");
        }

        _hosts.Get(name);
        using var hostLock = await FileLock.AcquireAsync(_hosts.LockOf(name), null, cancellationToken).ConfigureAwait(false);
        var host = _hosts.Get(name);
        var apps = appsOnHost(name);
        if (apps.Count > 0)
        {
            throw HoistException.FailedPrecondition(
                $"host '{name}' still has {apps.Count} app{(apps.Count == 1 ? string.Empty : "s")}: {string.Join(", ", apps)}",
                "remove those apps or move them to another host first");
        }

        if (host.Network != HostRecord.OwnNetwork)
        {
            _hosts.Remove(name);
            return;
        }

        using var networkLock = await _network.AcquireLockAsync(null, cancellationToken).ConfigureAwait(false);
        await _network.RemoveHostNetworkAsync(name, cancellationToken).ConfigureAwait(false);
        _hosts.Remove(name);
        await _network.RemoveBridgeIfUnusedAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Every host, local first (see <see cref="HostStore.List"/>).</summary>
    public Task<IReadOnlyList<HostRecord>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_hosts.List());
    }

    /// <summary>The root filesystem the host runs on: "/" for local, else its image's rootfs directory
    /// in the library (never written; apps see it as an overlayfs lower layer).</summary>
    public string RootOf(HostRecord host) => host.IsLocal ? HostRecord.MachineRoot : _images.RootOf(host.Image);
}
