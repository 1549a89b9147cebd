using Hoist.Controller.Model;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Agents;

/// <summary>What an agent says of an app (at registration, in heartbeats, in order results) updates the
/// app when the app is placed on that host, and feeds the migration whose target that host is.</summary>
internal sealed class AppReports
{
    private readonly FabricState _state;
    private readonly TimeProvider _time;

    public AppReports(FabricState state, ControllerOptions options)
    {
        _state = state;
        _time = options.Time;
    }

    /// <summary>Applies one report from <paramref name="host"/>. Under the fabric's lock.</summary>
    public void Apply(HostEntry host, AppReport report)
    {
        if (!_state.Apps.TryGetValue(report.Name, out var app))
        {
            return;
        }

        if (app.Record.Host != host.Name)
        {
            if (_state.ActiveMigration(app.Record) is { } migration && migration.Record.Target == host.Name)
            {
                migration.TargetReport = (report, _time.GetUtcNow());
                migration.TargetReported.Pulse();
            }

            return;
        }

        var record = app.Record;
        var since = report.Status == AppStates.Running ? report.Since ?? record.Since : report.Since;
        if (record.Status != report.Status || record.Problem != report.Problem || record.Since != since || !record.Ports.SequenceEqual(report.Ports))
        {
            _ = _state.Save(app, record with { Status = report.Status, Problem = report.Problem, Since = since, Ports = report.Ports });
        }
    }
}
