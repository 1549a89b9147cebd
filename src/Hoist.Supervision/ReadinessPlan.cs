namespace Hoist.Supervision;

/// <summary>How hoist-init tells that a service is ready. Exactly one way is set.</summary>
public sealed record ReadinessPlan
{
    /// <summary>Ready when a TCP connection to this port (on <see cref="Address"/>) succeeds.</summary>
    public int? Port { get; set; }

    /// <summary>The address for <see cref="Port"/>; 127.0.0.1 when null.</summary>
    public string? Address { get; set; }

    /// <summary>Ready when this command, run as the service's user, exits 0.</summary>
    public IReadOnlyList<string>? Exec { get; set; }

    /// <summary>Ready when an HTTP GET of this URL answers 2xx or 3xx.</summary>
    public string? Http { get; set; }

    /// <summary>How long to wait for readiness before the start counts as failed.</summary>
    public double TimeoutSeconds { get; set; } = 60;
}
