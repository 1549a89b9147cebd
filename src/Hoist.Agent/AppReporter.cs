using Hoist.Fabric.Api;
using Hoist.Runtime;
using Hoist.Runtime.Apps;
using Hoist.Supervision;
using AppStates = Hoist.Fabric.Api.AppStates;
using RuntimeStates = Hoist.Supervision.AppStates;

namespace Hoist.Agent;

/// <summary>Reports the apps of an agent's library as the controller wants to hear of them.</summary>
public sealed class AppReporter
{
    private readonly AppRuntime _runtime;

    public AppReporter(AppRuntime runtime) => _runtime = runtime;

    /// <summary>Every app, as its supervisor and runc tell it now.</summary>
    public async Task<IReadOnlyList<AppReport>> ReportAllAsync(CancellationToken cancellationToken)
    {
        var reports = new List<AppReport>();
        foreach (var app in _runtime.Apps.List())
        {
            reports.Add(await ReportAsync(app, cancellationToken).ConfigureAwait(false));
        }

        return reports;
    }

    /// <summary>One app; null when it does not exist.</summary>
    public async Task<AppReport?> ReportAsync(string name, CancellationToken cancellationToken) =>
        _runtime.Apps.Find(name) is { } app ? await ReportAsync(app, cancellationToken).ConfigureAwait(false) : null;

    private async Task<AppReport> ReportAsync(AppRecord app, CancellationToken cancellationToken)
    {
        var status = await new AppStatusReader(_runtime).ReadAsync(app, cancellationToken).ConfigureAwait(false);
        return new AppReport
        {
            Name = app.Name,
            Package = app.Package.ToString(),
            Status = status.Services.Any(s => s.Status.State == ServiceStates.CrashLooping) ? AppStates.CrashLooping : StateOf(status.State),
            Ports = status.Services.SelectMany(s => s.Ports).Distinct().Order(StringComparer.Ordinal).ToList(),
            Since = status.Started,
            Problem = status.Message,
        };
    }

    // The runtime's words for an app's state, in the fabric's.
    private static string StateOf(string state) => state switch
    {
        RuntimeStates.Running => AppStates.Running,
        RuntimeStates.Starting => AppStates.Starting,
        "paused" => AppStates.Frozen,
        RuntimeStates.Failed => AppStates.Failed,
        RuntimeStates.Stopped or RuntimeStates.Standby => AppStates.Stopped,
        _ => state,
    };
}
