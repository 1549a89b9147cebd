namespace Hoist.Fabric.Api;

/// <summary>Adds an item to the library; its recipe and every chunk of it must be uploaded first.</summary>
public sealed record LibraryItemRequest
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Digest { get; init; }

    public required string Recipe { get; init; }

    public long LogicalBytes { get; init; }

    public HostFacts? Image { get; init; }

    public string? Manifest { get; init; }
}
