namespace Hoist.Supervision;

/// <summary>One service's state, as hoist-init sees it.</summary>
public sealed record ServiceStatus
{
    public string Name { get; set; } = string.Empty;

    /// <summary>One of <see cref="ServiceStates"/>.</summary>
    public string State { get; set; } = ServiceStates.Pending;

    /// <summary>The main process, as a pid of the app's pid namespace; null when not running.</summary>
    public int? Pid { get; set; }

    /// <summary>How many times it was restarted after dying.</summary>
    public int Restarts { get; set; }

    /// <summary>How its main process last ended: an exit code, or null.</summary>
    public int? LastExitCode { get; set; }

    /// <summary>The signal that last killed it, or null.</summary>
    public int? LastSignal { get; set; }

    /// <summary>When it entered its state (UTC).</summary>
    public DateTimeOffset Since { get; set; }

    /// <summary>Why it is in its state (a failure, a crash loop), or null.</summary>
    public string? Message { get; set; }
}
