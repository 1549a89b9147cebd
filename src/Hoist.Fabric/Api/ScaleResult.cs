namespace Hoist.Fabric.Api;

/// <summary>The instances of an app's group after a scale.</summary>
public sealed record ScaleResult
{
    public IReadOnlyList<AppView> Instances { get; init; } = [];

    public IReadOnlyList<string> Added { get; init; } = [];

    public IReadOnlyList<string> Removed { get; init; } = [];
}
