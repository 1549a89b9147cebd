namespace Hoist.Fabric.Api;

/// <summary>What a garbage collection of the library removed.</summary>
public sealed record GcResult
{
    public int ChunksRemoved { get; init; }

    public long BytesFreed { get; init; }

    public int RecipesRemoved { get; init; }
}
