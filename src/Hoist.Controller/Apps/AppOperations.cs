using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Apps;

/// <summary>Reading apps, and starting, stopping and removing them: each an order to the app's host.</summary>
internal sealed class AppOperations
{
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly EventLog _events;

    public AppOperations(FabricState state, OrderBook orders, EventLog events)
    {
        _state = state;
        _orders = orders;
        _events = events;
    }

    public IReadOnlyList<AppView> List()
    {
        lock (_state.Gate)
        {
            return _state.Apps.Values.Select(a => Views.App(a.Record, _state)).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Throws <see cref="ErrorKind.NotFound"/> for an app the fabric lacks.</summary>
    public AppView Get(string name)
    {
        lock (_state.Gate)
        {
            return Views.App(Find(name).Record, _state);
        }
    }

    /// <summary>Orders the app started (or stopped). Throws <see cref="ErrorKind.FailedPrecondition"/> while
    /// it is being migrated or removed.</summary>
    public Task<AppView> StartAsync(string name, CancellationToken cancellationToken) =>
        OrderAsync(name, OrderKinds.Start, DesiredStates.Running, EventKinds.AppStart, cancellationToken);

    public Task<AppView> StopAsync(string name, CancellationToken cancellationToken) =>
        OrderAsync(name, OrderKinds.Stop, DesiredStates.Stopped, EventKinds.AppStop, cancellationToken);

    /// <summary>Orders the app stopped and removed with its state; the fabric forgets it once its host
    /// confirms. Throws <see cref="ErrorKind.FailedPrecondition"/> while it is being migrated.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        Task saved;
        lock (_state.Gate)
        {
            MarkRemoved(Find(name));
            saved = _state.Flush();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the app's desired state to removed and queues its app.remove. Under the fabric's lock.</summary>
    public void MarkRemoved(AppEntry app)
    {
        CheckNotMigrating(app, "removed");
        if (app.Record.Desired == DesiredStates.Removed)
        {
            return;
        }

        _ = _state.Save(app, app.Record with { Desired = DesiredStates.Removed });
        var order = _orders.Queue(_state.Hosts[app.Record.Host], new Order { Kind = OrderKinds.Remove, App = app.Name });
        _events.Add(EventKinds.AppRemove, app.Name, $"{app.Name} on {app.Record.Host}: removal ordered (order {order.Id})");
    }

    private async Task<AppView> OrderAsync(string name, string kind, string desired, string eventKind, CancellationToken cancellationToken)
    {
        Task saved;
        AppView view;
        lock (_state.Gate)
        {
            var app = Find(name);
            CheckNotMigrating(app, kind == OrderKinds.Start ? "started" : "stopped");
            if (app.Record.Desired == DesiredStates.Removed)
            {
                throw HoistException.FailedPrecondition($"app '{name}' is being removed");
            }

            _ = _state.Save(app, app.Record with { Desired = desired });
            var order = _orders.Queue(_state.Hosts[app.Record.Host], new Order { Kind = kind, App = name });
            _events.Add(eventKind, name, $"{name} on {app.Record.Host}: {kind} ordered (order {order.Id})");
            view = Views.App(app.Record, _state);
            saved = _state.Flush();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return view;
    }

    private AppEntry Find(string name) =>
        _state.Apps.TryGetValue(name, out var app)
            ? app
            : throw HoistException.NotFound($"app '{name}' is not in the fabric", "see the apps with 'hoist ps'");

    private void CheckNotMigrating(AppEntry app, string what)
    {
        if (_state.ActiveMigration(app.Record) is { } migration)
        {
            throw HoistException.FailedPrecondition(
                $"app '{app.Name}' cannot be {what} while it is migrated ({migration.Record.Id}, {migration.Record.Phase})", $"wait for the migration to end ('hoist migration show {migration.Record.Id}')");
        }
    }
}
