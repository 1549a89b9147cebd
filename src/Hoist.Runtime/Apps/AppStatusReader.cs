using Hoist.Linux.Proc;
using Hoist.Runtime.Runc;
using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>Tells the truth about an app: what runc says of its container, what hoist-init last wrote,
/// and what the processes do now; a supervisor that died leaves a status file that claims otherwise.</summary>
public sealed class AppStatusReader
{
    private readonly AppRuntime _runtime;

    public AppStatusReader(AppRuntime runtime) => _runtime = runtime;

    public Task<AppStatus> ReadAsync(AppRecord app, CancellationToken cancellationToken) => ReadAsync(app, null, cancellationToken);

    /// <summary><see cref="ReadAsync(AppRecord, CancellationToken)"/>, for a caller that knows the
    /// container's state already (asking runc costs about 25 ms).</summary>
    internal async Task<AppStatus> ReadAsync(AppRecord app, ContainerState? known, CancellationToken cancellationToken)
    {
        var layout = _runtime.Layout(app.Name);
        var record = _runtime.Library.Packages.Find(app.Package);
        string packageName = app.Package.Short, packageVersion = "?";
        if (record is not null)
        {
            (packageName, packageVersion) = (record.Name, record.Version);
        }

        var container = known ?? await _runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false);
        var init = AppStarter.ReadStatus(layout.StatusFile);
        var status = new AppStatus { App = app, PackageName = packageName, PackageVersion = packageVersion, State = AppStates.Stopped };
        if (container?.Status == AppStates.Standby)
        {
            // Its container is made ahead of its start; the services have not started.
            return status;
        }

        if (container?.IsRunning != true)
        {
            return app.Desired == "running"
                ? status with { State = AppStates.Failed, Message = "its supervisor is gone (killed, or the machine restarted); start it again with 'hoist start'" }
                : status;
        }

        if (container.Status == "paused")
        {
            return status with { State = "paused", Started = init?.Started };
        }

        if (init is null)
        {
            return status with { State = AppStates.Starting };
        }

        var services = init.Services.Select(s => View(s, container.Pid)).ToList();
        return status with
        {
            State = init.State,
            Message = init.Message ?? init.Services.FirstOrDefault(s => s.Message is not null && s.State != ServiceStates.Ready)?.Message,
            Started = init.Started,
            Services = services,
        };
    }

    private static ServiceView View(ServiceStatus service, int initPid)
    {
        var hostPid = service.Pid is { } pid ? PidNamespaces.HostPidOf(initPid, pid) : null;
        var ports = hostPid is { } p
            ? ProcessSockets.Listening(p).Select(s => $"{s.Port}/{s.Protocol}").Distinct().Order(StringComparer.Ordinal).ToList()
            : [];
        return new ServiceView(service, hostPid, ports);
    }
}
