namespace Hoist.Fabric.Api;

/// <summary>What placement thought of one host for one app.</summary>
public sealed record HostVerdict
{
    public required string Host { get; init; }

    /// <summary>True when the host passed every filter.</summary>
    public bool Eligible { get; init; }

    /// <summary>Why it failed the filters it failed; empty when eligible.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Higher is better; meaningful only when eligible.</summary>
    public double Score { get; init; }

    public bool Chosen { get; init; }
}
