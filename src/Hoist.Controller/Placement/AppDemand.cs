using Hoist.Packaging.Manifests;

namespace Hoist.Controller.Placement;

/// <summary>What one app asks of the host it is placed on.</summary>
internal sealed record AppDemand
{
    /// <summary>What an app without a memory limit is counted as.</summary>
    public const long DefaultMemoryBytes = 64L << 20;

    /// <summary>What an app without a CPU limit is counted as.</summary>
    public const double DefaultCpus = 0.1;

    public required string App { get; init; }

    /// <summary>Its group: no two instances of a group share a host.</summary>
    public required string Group { get; init; }

    /// <summary>The package digest: apps of the same package are spread.</summary>
    public required string Package { get; init; }

    public required Requirements Requires { get; init; }

    public long MemoryBytes { get; init; } = DefaultMemoryBytes;

    public double Cpus { get; init; } = DefaultCpus;

    /// <summary>The ports its services listen on, as "6379/tcp".</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];
}
