using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Hosts;

/// <summary>Follows the drains: a draining host is drained once its last app has left; a migration off it
/// that did not succeed becomes the host's problem. Under the fabric's lock.</summary>
internal sealed class DrainTracker
{
    private readonly FabricState _state;
    private readonly EventLog _events;

    public DrainTracker(FabricState state, EventLog events)
    {
        _state = state;
        _events = events;
    }

    public void OnMigrationFinished(MigrationRecord migration)
    {
        if (!_state.Hosts.TryGetValue(migration.Source, out var host) || host.Record.State != HostStates.Draining)
        {
            return;
        }

        if (migration.Phase != MigrationPhases.Succeeded)
        {
            var problem = $"{migration.App} could not be moved ({migration.Id} {migration.Phase}): {migration.Error}";
            _ = _state.Save(host, host.Record with { Problem = host.Record.Problem is null ? problem : $"{host.Record.Problem}; {problem}" });
            _events.Add(EventKinds.HostDrainProblem, host.Name, $"{host.Name}: {problem}");
        }

        CheckDrained(host);
    }

    /// <summary>Marks a draining host drained when no app is placed on it any more.</summary>
    public void CheckDrained(HostEntry host)
    {
        if (host.Record.State == HostStates.Draining && host.Apps.Count == 0)
        {
            _ = _state.Save(host, host.Record with { State = HostStates.Drained });
            _events.Add(EventKinds.HostDrained, host.Name, $"{host.Name} is drained: no app is left on it");
        }
    }
}
