using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>An app as `hoist ps` and `hoist inspect` show it: what the user asked for, what runc and
/// hoist-init say, and each service with its pid on this machine and the ports it listens on.</summary>
public sealed record AppStatus
{
    public required AppRecord App { get; init; }

    public required string PackageName { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>"running", "starting", "degraded", "stopped", "paused", or "failed" when the app should
    /// run and does not.</summary>
    public required string State { get; init; }

    /// <summary>Why the app is in its state, when it is not plainly running or stopped.</summary>
    public string? Message { get; init; }

    /// <summary>When hoist-init started, if it runs.</summary>
    public DateTimeOffset? Started { get; init; }

    public IReadOnlyList<ServiceView> Services { get; init; } = [];
}

/// <summary>One service of a running app.</summary>
/// <param name="HostPid">Its main process as a pid of this machine, or null.</param>
/// <param name="Ports">The ports its processes listen on now ("6379/tcp").</param>
public sealed record ServiceView(ServiceStatus Status, int? HostPid, IReadOnlyList<string> Ports);
