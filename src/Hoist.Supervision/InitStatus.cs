namespace Hoist.Supervision;

/// <summary>What hoist-init reports, rewritten whole at every change of state.</summary>
public sealed record InitStatus
{
    public string App { get; set; } = string.Empty;

    /// <summary>One of <see cref="AppStates"/>.</summary>
    public string State { get; set; } = AppStates.Starting;

    /// <summary>When this status was written (UTC).</summary>
    public DateTimeOffset Updated { get; set; }

    /// <summary>When the supervisor started (UTC).</summary>
    public DateTimeOffset Started { get; set; }

    public IReadOnlyList<ServiceStatus> Services { get; set; } = [];

    /// <summary>Why the app is in its state, when it is not plainly running.</summary>
    public string? Message { get; set; }
}
