namespace Hoist.Content.Trees;

/// <summary>How <see cref="TreeMaterializer.SyncAsync(string, TreeRecipe?, TreeRecipe, Storage.IChunkSource, TreeSyncOptions, CancellationToken)"/> works.</summary>
public sealed record TreeSyncOptions
{
    public static readonly TreeSyncOptions Default = new();

    /// <summary>How many files are written at once, at least 1.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Flush the tree's filesystem to disk (syncfs) before returning, so that a tree a
    /// migration goes on with survives a crash of the host. Only tests and throwaway trees turn
    /// this off.</summary>
    public bool Durable { get; init; } = true;
}
