using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Agents;

/// <summary>
/// Reconciles what a registering agent holds with what the controller knows (docs/fabric.md, Migration,
/// failure rules): reports update the apps placed there and feed the migrations that target the host; a
/// frozen app that no migration is freezing is thawed; a copy of an app that runs elsewhere, and that no
/// migration in progress is bringing here, is removed (the target's copy of a migration that rolled back,
/// the source's copy of one that committed). Apps the controller does not know are left alone: their
/// state may be all there is of them.
/// </summary>
internal sealed class Reconciler
{
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly AppReports _reports;
    private readonly EventLog _events;

    public Reconciler(FabricState state, OrderBook orders, AppReports reports, EventLog events)
    {
        _state = state;
        _orders = orders;
        _reports = reports;
        _events = events;
    }

    /// <summary>Under the fabric's lock.</summary>
    public void Reconcile(HostEntry host, IReadOnlyList<AppReport> reports)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            reported.Add(report.Name);
            _reports.Apply(host, report);
            if (!_state.Apps.TryGetValue(report.Name, out var app))
            {
                _events.Add(EventKinds.HostStrayApp, host.Name, $"{host.Name} holds an app {report.Name} that the controller does not know; it is left alone");
                continue;
            }

            var migration = _state.ActiveMigration(app.Record);
            if (app.Record.Host == host.Name)
            {
                var freezing = migration is not null && migration.Record.Phase == MigrationPhases.Frozen;
                if (report.Status == AppStates.Frozen && !freezing && _orders.PendingFor(host, OrderKinds.Thaw, app.Name) is null)
                {
                    _orders.Queue(host, new Order { Kind = OrderKinds.Thaw, App = app.Name });
                    _events.Add(EventKinds.HostStrayApp, app.Name, $"{host.Name} holds {app.Name} frozen and no migration is freezing it: thawing it");
                }
            }
            else if (migration?.Record.Target != host.Name && _orders.PendingFor(host, OrderKinds.Remove, app.Name) is null)
            {
                _orders.Queue(host, new Order { Kind = OrderKinds.Remove, App = app.Name });
                _events.Add(EventKinds.HostStrayApp, app.Name, $"{host.Name} holds a copy of {app.Name}, which is placed on {app.Record.Host}: removing that copy");
            }
        }

        foreach (var name in host.Apps)
        {
            var app = _state.Apps[name].Record;
            if (reported.Contains(name) || app.Status == AppStates.Pending || app.Desired == DesiredStates.Removed
                || _orders.PendingFor(host, OrderKinds.Install, name) is not null || app.Status == AppStates.Failed)
            {
                continue;
            }

            _ = _state.Save(_state.Apps[name], app with { Status = AppStates.Failed, Problem = $"{host.Name} does not hold it any more" });
            _events.Add(EventKinds.AppMissing, name, $"{host.Name} registered without {name}");
        }
    }
}
