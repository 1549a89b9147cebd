namespace Hoist.Supervision;

/// <summary>One service as hoist-init runs it. Names are resolved on the host: users and groups are
/// numbers, paths are inside the app's root, the environment holds systemd's defaults and Environment=.</summary>
public sealed record ServicePlan
{
    public string Name { get; set; } = string.Empty;

    /// <summary>systemd's Type=: simple and exec (ready once started, or once its port answers),
    /// forking (the started process exits 0 after forking the daemon; PidFile names it), notify
    /// (ready on READY=1), oneshot (runs to completion; the next service starts after it).</summary>
    public string Type { get; set; } = "simple";

    /// <summary>The main command; $NAME and ${NAME} are expanded from the environment (see <see cref="EnvironmentExpander"/>).</summary>
    public IReadOnlyList<string> Exec { get; set; } = [];

    /// <summary>Commands run, in order, before the main one (ExecStartPre=).</summary>
    public IReadOnlyList<CommandPlan> Pre { get; set; } = [];

    /// <summary>Commands run after the main one is ready (ExecStartPost=).</summary>
    public IReadOnlyList<CommandPlan> Post { get; set; } = [];

    /// <summary>Commands that stop it (ExecStop=), run before the stop signal is sent.</summary>
    public IReadOnlyList<CommandPlan> Stop { get; set; } = [];

    public uint Uid { get; set; }

    public uint Gid { get; set; }

    /// <summary>Supplementary groups (the primary group included).</summary>
    public IReadOnlyList<uint> Groups { get; set; } = [];

    /// <summary>The file mode creation mask, in octal; null for 022.</summary>
    public string? UMask { get; set; }

    public string WorkingDirectory { get; set; } = "/";

    /// <summary>Its variables; EnvironmentFiles are read at each start and override them.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>Files of variables (a leading '-' means optional), read inside the app's root.</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; set; } = [];

    /// <summary>Directories created (and owned by the service) before each start, under /run.</summary>
    public IReadOnlyList<RuntimeDirectoryPlan> RuntimeDirectories { get; set; } = [];

    /// <summary>The PID file a forking service writes.</summary>
    public string? PidFile { get; set; }

    /// <summary>The capabilities the service keeps in its bounding set (names such as CAP_NET_BIND_SERVICE);
    /// null keeps what the app's container has.</summary>
    public IReadOnlyList<string>? Capabilities { get; set; }

    /// <summary>RLIMIT_NOFILE for the service; null keeps the container's.</summary>
    public long? LimitNoFile { get; set; }

    /// <summary>How to tell the service is ready; null means: ready once running (forking: once the
    /// starter exited 0; notify: on READY=1).</summary>
    public ReadinessPlan? Readiness { get; set; }

    /// <summary>systemd's Restart=: "no", "always", "on-failure", "on-abnormal", "on-abort", "on-success".</summary>
    public string Restart { get; set; } = "on-failure";

    /// <summary>How long the service may take to stop before SIGKILL; 0 means no limit.</summary>
    public double StopTimeoutSeconds { get; set; } = 10;

    /// <summary>The signal number that asks it to stop (15, SIGTERM).</summary>
    public int StopSignal { get; set; } = 15;
}
