namespace Hoist.Fabric.Api;

/// <summary>Where an app was placed, and why.</summary>
public sealed record DeployResult
{
    /// <summary>The app created; null for a dry run.</summary>
    public AppView? App { get; init; }

    /// <summary>The host chosen.</summary>
    public required string Host { get; init; }

    /// <summary>Every host considered, best first, when the request asked to explain or was a dry run;
    /// else only the chosen host's verdict.</summary>
    public IReadOnlyList<HostVerdict> Verdicts { get; init; } = [];
}
