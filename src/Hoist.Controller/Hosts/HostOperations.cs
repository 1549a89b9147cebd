using Hoist.Controller.Events;
using Hoist.Controller.Migrations;
using Hoist.Controller.Model;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Hosts;

/// <summary>Reading hosts, and draining, resuming and upgrading them.</summary>
internal sealed class HostOperations
{
    private readonly FabricState _state;
    private readonly MigrationPlanner _planner;
    private readonly DrainTracker _drains;
    private readonly UpgradeWorker _upgrades;
    private readonly EventLog _events;

    public HostOperations(FabricState state, MigrationPlanner planner, DrainTracker drains, UpgradeWorker upgrades, EventLog events)
    {
        _state = state;
        _planner = planner;
        _drains = drains;
        _upgrades = upgrades;
        _events = events;
    }

    /// <summary>Every host, in order of name. The lock is held only to copy what the views are made of
    /// (a few reads a host): making the views under it held every heartbeat up while it ran, and
    /// bench/controller lists 1,000 hosts five times a second.</summary>
    public IReadOnlyList<HostView> List()
    {
        HostSnapshot[] hosts;
        lock (_state.Gate)
        {
            hosts = new HostSnapshot[_state.Hosts.Count];
            var i = 0;
            foreach (var host in _state.Hosts.Values)
            {
                hosts[i++] = Views.Snapshot(host);
            }
        }

        Array.Sort(hosts, static (a, b) => string.CompareOrdinal(a.Record.Name, b.Record.Name));
        return Array.ConvertAll(hosts, static h => Views.Host(h, libraries: false));
    }

    public HostView Get(string name)
    {
        lock (_state.Gate)
        {
            return Views.Host(Find(name));
        }
    }

    /// <summary>Marks the host draining and starts a warm migration of each app on it (target chosen by
    /// placement); the host is drained once the last has left. An app that cannot be moved becomes the
    /// host's problem. Draining again retries the apps still there.</summary>
    public async Task<DrainResult> DrainAsync(string name, CancellationToken cancellationToken)
    {
        DrainResult result;
        Task saved;
        await _state.Placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_state.Gate)
            {
                var host = Find(name);
                if (host.Record.State == HostStates.Upgrading)
                {
                    throw HoistException.FailedPrecondition($"host {name} is being upgraded");
                }

                var migrations = Drain(host);
                result = new DrainResult { Host = Views.Host(host), Migrations = migrations.Select(m => Views.Migration(m.Record)).ToList() };
                saved = _state.Flush();
            }
        }
        finally
        {
            _state.Placing.Release();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Lets the host take apps again. Throws <see cref="ErrorKind.FailedPrecondition"/> while it is
    /// being upgraded.</summary>
    public async Task<HostView> ResumeAsync(string name, CancellationToken cancellationToken)
    {
        HostView view;
        Task saved;
        lock (_state.Gate)
        {
            var host = Find(name);
            if (host.Record.State == HostStates.Upgrading)
            {
                throw HoistException.FailedPrecondition($"host {name} is being upgraded", "wait for the upgrade to end");
            }

            saved = _state.Save(host, host.Record with { State = HostStates.Ready, Problem = null, UpgradeImage = null });
            _events.Add(EventKinds.HostResumed, name, $"{name} takes apps again");
            view = Views.Host(host);
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return view;
    }

    /// <summary>Upgrades the host to another OS image: drain, then host.reimage, then resume. Returns at
    /// once; failures become the host's problem. Throws <see cref="ErrorKind.NotFound"/> for an image the
    /// library lacks, <see cref="ErrorKind.FailedPrecondition"/> for a host being upgraded already.</summary>
    public async Task<HostView> UpgradeAsync(string name, UpgradeRequest request, CancellationToken cancellationToken)
    {
        HostView view;
        Task saved;
        await _state.Placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_state.Gate)
            {
                var host = Find(name);
                if (_state.Library.Find(LibraryKinds.Image, request.Image, null) is null)
                {
                    throw HoistException.NotFound($"image '{request.Image}' is not in the controller's library", $"push it with 'hoist library push {request.Image}'");
                }

                if (host.Record.UpgradeImage is not null || host.Record.State == HostStates.Upgrading)
                {
                    throw HoistException.FailedPrecondition($"host {name} is being upgraded already (to {host.Record.UpgradeImage})");
                }

                _ = _state.Save(host, host.Record with { UpgradeImage = request.Image, Problem = null });
                _events.Add(EventKinds.HostUpgrading, name, $"{name}: upgrade to {request.Image}: draining");
                Drain(host);
                _upgrades.Launch(name);
                view = Views.Host(host);
                saved = _state.Flush();
            }
        }
        finally
        {
            _state.Placing.Release();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return view;
    }

    private List<MigrationEntry> Drain(HostEntry host)
    {
        var wasDraining = host.Record.State == HostStates.Draining;
        _ = _state.Save(host, host.Record with { State = HostStates.Draining, Problem = null });
        if (!wasDraining)
        {
            _events.Add(EventKinds.HostDraining, host.Name, $"{host.Name} is draining: {host.Apps.Count} apps to move");
        }

        var migrations = new List<MigrationEntry>();
        var problems = new List<string>();
        foreach (var name in host.Apps.ToList())
        {
            var app = _state.Apps[name].Record;
            if (app.Desired == DesiredStates.Removed || _state.ActiveMigration(app) is not null)
            {
                continue;
            }

            try
            {
                migrations.Add(_planner.Start(name, new MigrateRequest { To = "auto", Mode = MigrationModes.Warm }));
            }
            catch (HoistException e)
            {
                problems.Add($"{name}: {e.Message}");
            }
        }

        if (problems.Count > 0)
        {
            _ = _state.Save(host, host.Record with { Problem = string.Join("; ", problems) });
            _events.Add(EventKinds.HostDrainProblem, host.Name, $"{host.Name}: {string.Join("; ", problems)}");
        }

        _drains.CheckDrained(host);
        return migrations;
    }

    private HostEntry Find(string name) =>
        _state.Hosts.TryGetValue(name, out var host)
            ? host
            : throw HoistException.NotFound($"host '{name}' is not in the fabric", "see the hosts with 'hoist host list'");
}
