namespace Hoist.Supervision;

/// <summary>
/// What hoist-init runs inside an app: the app's services, in the order they start (each after
/// the services it depends on), and where it writes logs and status. Hoist writes it at
/// /.hoist/app.json in the app's root before each start.
/// </summary>
public sealed record InitSpec
{
    /// <summary>The app's name, for logs and status.</summary>
    public string App { get; set; } = string.Empty;

    /// <summary>The services, in start order; stopped in the reverse order.</summary>
    public IReadOnlyList<ServicePlan> Services { get; set; } = [];

    /// <summary>The directory of the per-service log files (a bind mount from the host).</summary>
    public string LogDirectory { get; set; } = "/.hoist/logs";

    /// <summary>A log file is rotated (to NAME.log.1, .2, ...) when it grows past this size.</summary>
    public long LogMaxBytes { get; set; } = 10_000_000;

    /// <summary>How many rotated files are kept per service.</summary>
    public int LogKeep { get; set; } = 3;

    /// <summary>The status file, rewritten (atomically) at every change (a bind mount from the host).</summary>
    public string StatusFile { get; set; } = "/.hoist/run/status.json";

    /// <summary>Where hoist-init listens for sd_notify messages (READY=1, MAINPID=); services get it as NOTIFY_SOCKET.</summary>
    public string NotifySocket { get; set; } = "/run/hoist-notify.sock";

    /// <summary>How restarts back off and when a service counts as crash-looping.</summary>
    public RestartPolicy Restart { get; set; } = new();
}
