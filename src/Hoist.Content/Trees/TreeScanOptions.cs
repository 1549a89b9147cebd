using Hoist.Content.Chunking;

namespace Hoist.Content.Trees;

/// <summary>How a <see cref="TreeScanner"/> works.</summary>
public sealed record TreeScanOptions
{
    public static readonly TreeScanOptions Default = new();

    /// <summary>Where files are cut into chunks; the same everywhere chunks should be shared.</summary>
    public ChunkerOptions Chunking { get; init; } = ChunkerOptions.Default;

    /// <summary>How many files are read and hashed at once, at least 1.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The clock that dates a scan's start, which decides what the cache may trust.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
