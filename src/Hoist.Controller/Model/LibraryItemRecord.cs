using Hoist.Fabric.Api;

namespace Hoist.Controller.Model;

/// <summary>An item of the controller's library (the library_items table, its chunks in item_chunks).</summary>
internal sealed record LibraryItemRecord
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Digest { get; init; }

    public required string Recipe { get; init; }

    public long LogicalBytes { get; init; }

    public DateTimeOffset Created { get; init; }

    public HostFacts? Image { get; init; }

    public string? Manifest { get; init; }

    /// <summary>The digests of the chunks its recipe names, each once.</summary>
    public IReadOnlyList<string> Chunks { get; init; } = [];
}
