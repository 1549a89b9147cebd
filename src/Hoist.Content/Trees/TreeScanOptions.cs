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

    /// <summary>Take a file whose size changes while it is read as it was read (never cached), instead of
    /// reading it again and failing after <see cref="FileChunkReader.MaxRereads"/>: for the copy rounds
    /// of an app that runs (its log grows all the time), whose last round reads it again with the app
    /// frozen.</summary>
    public bool AcceptChangingFiles { get; init; }

    /// <summary>The clock that dates a scan's start, which decides what the cache may trust.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
