namespace Hoist.Packaging.Manifests;

/// <summary>How a supervisor tells that a service is ready. Exactly one of the fields is set.</summary>
public sealed record ReadinessProbe
{
    /// <summary>Ready when this TCP port accepts a connection.</summary>
    public int? Port { get; init; }

    /// <summary>Ready when this command, run in the app's environment, exits 0.</summary>
    public IReadOnlyList<string>? Exec { get; init; }

    /// <summary>Ready when this URL (on the app's host) answers 2xx or 3xx.</summary>
    public string? Http { get; init; }
}
