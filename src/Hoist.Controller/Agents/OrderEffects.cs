using Hoist.Controller.Events;
using Hoist.Controller.Hosts;
using Hoist.Controller.Model;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Agents;

/// <summary>What the result of an app order changes: the app's status and problem, its removal once its
/// host confirms it, and the outcome's event. Orders a migration or an upgrade sent are theirs to judge.</summary>
internal sealed class OrderEffects
{
    private readonly FabricState _state;
    private readonly AppReports _reports;
    private readonly EventLog _events;
    private readonly DrainTracker _drains;

    public OrderEffects(FabricState state, AppReports reports, EventLog events, DrainTracker drains)
    {
        _state = state;
        _reports = reports;
        _events = events;
        _drains = drains;
    }

    /// <summary>Applies a finished order's result. Under the fabric's lock.</summary>
    public void Apply(HostEntry host, OrderRecord order)
    {
        var result = order.Result!;
        if (result.App is not null)
        {
            _reports.Apply(host, result.App);
        }

        var body = order.Body;
        if (body.Migration is not null || body.App is null || !_state.Apps.TryGetValue(body.App, out var app) || app.Record.Host != host.Name)
        {
            return;
        }

        var what = $"{app.Name} on {host.Name}";
        if (!result.Ok)
        {
            _ = _state.Save(app, app.Record with { Problem = $"{body.Kind} failed: {result.Error}", Status = body.Kind == OrderKinds.Install ? AppStates.Failed : app.Record.Status });
            var failed = body.Kind switch
            {
                OrderKinds.Install => EventKinds.AppInstallFailed,
                OrderKinds.Start => EventKinds.AppStartFailed,
                OrderKinds.Stop => EventKinds.AppStopFailed,
                OrderKinds.Remove => EventKinds.AppRemoveFailed,
                _ => body.Kind + "-failed",
            };
            _events.Add(failed, app.Name, $"{body.Kind} of {what} failed: {result.Error}");
            return;
        }

        switch (body.Kind)
        {
            case OrderKinds.Install:
                if (result.App is null)
                {
                    _ = _state.Save(app, app.Record with { Status = body.Start ? AppStates.Running : AppStates.Stopped, Problem = null });
                }

                _events.Add(EventKinds.AppInstalled, app.Name, $"{what}: installed{(body.Start ? " and started" : string.Empty)}");
                break;
            case OrderKinds.Start:
                _events.Add(EventKinds.AppStarted, app.Name, $"{what}: started");
                break;
            case OrderKinds.Stop:
                _events.Add(EventKinds.AppStopped, app.Name, $"{what}: stopped");
                break;
            case OrderKinds.Thaw:
                _events.Add(EventKinds.AppThawed, app.Name, $"{what}: thawed");
                break;
            case OrderKinds.Remove when app.Record.Desired == DesiredStates.Removed:
                _ = _state.Remove(app);
                _events.Add(EventKinds.AppRemoved, app.Name, $"{what}: removed with its state");
                _drains.CheckDrained(host);
                break;
        }
    }
}
