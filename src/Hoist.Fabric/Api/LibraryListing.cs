namespace Hoist.Fabric.Api;

/// <summary>The library's items and what they cost.</summary>
public sealed record LibraryListing
{
    public IReadOnlyList<LibraryItemView> Items { get; init; } = [];

    /// <summary>The items' sizes added up.</summary>
    public long LogicalBytes { get; init; }

    /// <summary>What the chunks take on disk, each stored once, compressed.</summary>
    public long StoredBytes { get; init; }

    public int Chunks { get; init; }
}
