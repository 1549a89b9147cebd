using Hoist.Core.Storage;
using Hoist.Library.Packages;
using Hoist.Linux.Proc;
using Hoist.Runtime.Runc;
using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>Tells the truth about an app: what runc says of its container, what hoist-init last wrote,
/// and what the processes do now; a supervisor that died leaves a status file that claims otherwise.
/// A reader keeps what it looked up that cannot change while it is used: a package's record, and the
/// host pid of a service's process (checked again at each use).</summary>
public sealed class AppStatusReader
{
    private readonly AppRuntime _runtime;
    private readonly Dictionary<Digest, PackageRecord?> _packages = [];
    private readonly Dictionary<(int InitPid, int Pid), int> _hostPids = [];

    public AppStatusReader(AppRuntime runtime) => _runtime = runtime;

    public Task<AppStatus> ReadAsync(AppRecord app, CancellationToken cancellationToken) => ReadAsync(app, null, cancellationToken);

    /// <summary><see cref="ReadAsync(AppRecord, CancellationToken)"/>, for a caller that knows the
    /// container's state already (asking runc costs about 25 ms).</summary>
    internal async Task<AppStatus> ReadAsync(AppRecord app, ContainerState? known, CancellationToken cancellationToken)
    {
        var layout = _runtime.Layout(app.Name);
        var record = Package(app.Package);
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

    /// <summary>Looks up, while an app starts, the host pids of the services that have a process (from
    /// hoist-init's status <paramref name="init"/>): the view read once the app is ready then reads only
    /// what changes.</summary>
    internal void LookAhead(InitStatus? init, int initPid)
    {
        foreach (var service in init?.Services ?? [])
        {
            // Once found, a pid is checked again only when the view uses it: each status hoist-init writes
            // during the start ends a wait, and looking again at each was CPU taken from the services.
            if (service.Pid is { } pid && !_hostPids.ContainsKey((initPid, pid)))
            {
                HostPid(initPid, pid);
            }
        }
    }

    /// <summary>Takes the record of package <paramref name="digest"/> (null: not in the library) from a
    /// caller that looked it up already.</summary>
    internal void Know(Digest digest, PackageRecord? record) => _packages[digest] = record;

    private PackageRecord? Package(Digest digest)
    {
        if (!_packages.TryGetValue(digest, out var record))
        {
            record = _runtime.Library.Packages.Find(digest);
            _packages[digest] = record;
        }

        return record;
    }

    // A pid found before is used while it is still that process (a process that ended may have left its
    // pid to another).
    private int? HostPid(int initPid, int pid)
    {
        if (_hostPids.TryGetValue((initPid, pid), out var known) && PidNamespaces.IsHostPidOf(known, initPid, pid))
        {
            return known;
        }

        var hostPid = PidNamespaces.HostPidOf(initPid, pid);
        if (hostPid is { } found)
        {
            _hostPids[(initPid, pid)] = found;
        }

        return hostPid;
    }

    private ServiceView View(ServiceStatus service, int initPid)
    {
        var hostPid = service.Pid is { } pid ? HostPid(initPid, pid) : null;
        var ports = hostPid is { } p
            ? ProcessSockets.Listening(p).Select(s => $"{s.Port}/{s.Protocol}").Distinct().Order(StringComparer.Ordinal).ToList()
            : [];
        return new ServiceView(service, hostPid, ports);
    }
}
