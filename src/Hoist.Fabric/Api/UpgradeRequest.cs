namespace Hoist.Fabric.Api;

/// <summary>Puts another OS image under a host: drain, reimage, resume.</summary>
public sealed record UpgradeRequest
{
    /// <summary>A library image name.</summary>
    public required string Image { get; init; }
}
