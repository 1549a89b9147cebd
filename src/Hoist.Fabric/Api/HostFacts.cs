namespace Hoist.Fabric.Api;

/// <summary>A host's OS and capacity, as its agent reads them.</summary>
public sealed record HostFacts
{
    /// <summary>The name of the OS image the host runs; "/" for a machine's own root.</summary>
    public required string Image { get; init; }

    /// <summary>The OS's PRETTY_NAME.</summary>
    public required string Os { get; init; }

    /// <summary>dpkg's architecture name (amd64, arm64, ...).</summary>
    public required string Architecture { get; init; }

    /// <summary>The highest GLIBC_x.y the OS's libc defines; null when it has none.</summary>
    public string? Glibc { get; init; }

    /// <summary>The sonames of the shared libraries the OS offers.</summary>
    public IReadOnlyList<string> Libraries { get; init; } = [];

    public int Cpus { get; init; }

    public long MemoryBytes { get; init; }

    /// <summary>MemAvailable of the host, now.</summary>
    public long MemoryAvailableBytes { get; init; }

    /// <summary>Free bytes on the filesystem of the agent's root.</summary>
    public long DiskFreeBytes { get; init; }

    /// <summary>Sockets listening on the host now, as "6379/tcp".</summary>
    public IReadOnlyList<string> PortsInUse { get; init; } = [];
}
