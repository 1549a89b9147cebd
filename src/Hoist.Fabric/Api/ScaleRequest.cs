namespace Hoist.Fabric.Api;

/// <summary>How many instances an app's group should have.</summary>
public sealed record ScaleRequest
{
    public int Instances { get; init; }
}
