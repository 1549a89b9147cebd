namespace Hoist.Fabric.Api;

/// <summary>A host as the controller knows it.</summary>
public sealed record HostView
{
    public required string Name { get; init; }

    public string? Address { get; init; }

    /// <summary>One of <see cref="HostStates"/>.</summary>
    public required string State { get; init; }

    public required HostFacts Facts { get; init; }

    /// <summary>What the apps placed on the host reserve (their memory limits, or 64 MiB each).</summary>
    public long MemoryReservedBytes { get; init; }

    public double CpusReserved { get; init; }

    /// <summary>The apps placed on the host.</summary>
    public IReadOnlyList<string> Apps { get; init; } = [];

    public string? AgentVersion { get; init; }

    public DateTimeOffset Registered { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    /// <summary>What went wrong in the host's last drain or upgrade, or null.</summary>
    public string? Problem { get; init; }
}
