namespace Hoist.Supervision;

/// <summary>An extra command of a service, run as the service's user in its environment.</summary>
public sealed record CommandPlan
{
    public IReadOnlyList<string> Exec { get; set; } = [];

    /// <summary>A failure of this command does not fail the service (systemd's '-' prefix).</summary>
    public bool IgnoreFailure { get; set; }
}
