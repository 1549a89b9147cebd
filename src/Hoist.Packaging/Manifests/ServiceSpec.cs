using YamlDotNet.Serialization;

namespace Hoist.Packaging.Manifests;

/// <summary>One service of a package, read from the systemd unit (or init script) the installer added.</summary>
public sealed record ServiceSpec
{
    /// <summary>The unit name without ".service" (redis-server).</summary>
    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    /// <summary>Where the definition came from (/usr/lib/systemd/system/redis-server.service).</summary>
    public string? Source { get; init; }

    /// <summary>Other names of the service (systemd Alias=).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>systemd Type=: simple, exec, forking, notify, oneshot, ...</summary>
    public string Type { get; init; } = "simple";

    /// <summary>The command line (ExecStart=), as argv.</summary>
    public IReadOnlyList<string> Exec { get; init; } = [];

    /// <summary>Commands run before the main one (ExecStartPre=).</summary>
    public IReadOnlyList<CommandSpec> ExecStartPre { get; init; } = [];

    /// <summary>Commands run after the main one started (ExecStartPost=).</summary>
    public IReadOnlyList<CommandSpec> ExecStartPost { get; init; } = [];

    /// <summary>Commands that stop the service (ExecStop=); empty means: send the stop signal.</summary>
    public IReadOnlyList<CommandSpec> ExecStop { get; init; } = [];

    /// <summary>Commands that reload its configuration (ExecReload=).</summary>
    public IReadOnlyList<CommandSpec> ExecReload { get; init; } = [];

    /// <summary>The user it runs as; null for root.</summary>
    public string? User { get; init; }

    /// <summary>The group it runs as; null for the user's primary group.</summary>
    public string? Group { get; init; }

    public IReadOnlyList<string> SupplementaryGroups { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for it (Environment=).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Files it reads variables from (EnvironmentFile=); a leading '-' means optional.</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];

    /// <summary>The file mode creation mask, in octal ("007"), or null for the default.</summary>
    public string? UMask { get; init; }

    /// <summary>The PID file a forking service writes (PIDFile=).</summary>
    public string? PidFile { get; init; }

    /// <summary>Directories created for it under /run at each start (RuntimeDirectory=), absolute.</summary>
    public IReadOnlyList<string> RuntimeDirectories { get; init; } = [];

    /// <summary>The mode of the runtime directories, in octal ("2755"), or null for 0755.</summary>
    public string? RuntimeDirectoryMode { get; init; }

    /// <summary>Directories it keeps data in (StateDirectory=, LogsDirectory=, CacheDirectory=, ReadWritePaths=), absolute.</summary>
    public IReadOnlyList<string> StateDirectories { get; init; } = [];

    /// <summary>Services of this package that must run before this one (from After=, Requires=, Wants=, BindsTo=).</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>Services of this package this one cannot run without (Requires=, BindsTo=).</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];

    /// <summary>systemd Restart=: no, always, on-failure, ...</summary>
    public string? Restart { get; init; }

    /// <summary>How long a stop may take before SIGKILL, in seconds (TimeoutStopSec=); 0 means no limit.</summary>
    public double? StopTimeoutSeconds { get; init; }

    /// <summary>The signal that asks it to stop (KillSignal=), SIGTERM by default.</summary>
    public string? StopSignal { get; init; }

    /// <summary>The open-files limit it asks for (LimitNOFILE=).</summary>
    public long? LimitNoFile { get; init; }

    /// <summary>The capabilities it may hold (CapabilityBoundingSet=, AmbientCapabilities=); null when the
    /// unit does not say. An empty list means none, so it is written out, not left out.</summary>
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>The ports it listened on when the sequencer started it once.</summary>
    public IReadOnlyList<PortSpec> Ports { get; init; } = [];

    /// <summary>How to tell it is ready; null means: its first port accepts connections (or, with no port, it is running).</summary>
    public ReadinessProbe? Readiness { get; init; }
}
