using Hoist.Content.Chunking;

namespace Hoist.Content.Trees;

/// <summary>What differs between two tree recipes (<see cref="TreeDiff.Compare"/>). Paths are in
/// ordinal order.</summary>
public sealed record TreeChanges
{
    /// <summary>Paths only the newer tree has.</summary>
    public required IReadOnlyList<string> Added { get; init; }

    /// <summary>Paths both trees have, whose entries differ in anything.</summary>
    public required IReadOnlyList<string> Changed { get; init; }

    /// <summary>The part of <see cref="Changed"/> whose kind, content, link target or device numbers
    /// differ: a sync makes them anew. The rest differ only in owner, mode, mtime or xattrs.</summary>
    public required IReadOnlyList<string> Rewritten { get; init; }

    /// <summary>Paths only the older tree has.</summary>
    public required IReadOnlyList<string> Removed { get; init; }

    /// <summary>The chunks the newer tree's files use that none of the older tree's use, each once,
    /// in the order the newer tree first uses them: what must be fetched to go from one to the other.</summary>
    public required IReadOnlyList<ChunkRef> Chunks { get; init; }

    /// <summary>The uncompressed bytes of <see cref="Chunks"/>.</summary>
    public long ChunkBytes => Chunks.Sum(c => (long)c.Size);

    /// <summary>True when the trees are the same.</summary>
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0;
}
