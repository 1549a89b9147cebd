namespace Hoist.Fabric.Api;

/// <summary>An item of the controller's library.</summary>
public sealed record LibraryItemView
{
    /// <summary>One of <see cref="LibraryKinds"/>.</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    /// <summary>The item's own digest (image: tree digest; package: package digest; state: recipe digest).</summary>
    public required string Digest { get; init; }

    /// <summary>The digest of its recipe (blob or tree).</summary>
    public required string Recipe { get; init; }

    /// <summary>Its size whole, as a user would copy it.</summary>
    public long LogicalBytes { get; init; }

    /// <summary>The stored bytes of the chunks no other item shares.</summary>
    public long UniqueBytes { get; init; }

    public int Chunks { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>image: its facts (no capacity); null otherwise.</summary>
    public HostFacts? Image { get; init; }

    /// <summary>package: the manifest YAML; null otherwise.</summary>
    public string? Manifest { get; init; }
}
