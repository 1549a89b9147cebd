using Hoist.Content.Chunking;
using Hoist.Core.Storage;

namespace Hoist.Content.Blobs;

/// <summary>
/// A blob (a file taken as bytes only: a package file, an archive) as the list of its chunks.
/// Its identity for storage is <see cref="Recipes.RecipeSerializer.DigestOf(BlobRecipe)"/>; the
/// blob's own identity is <see cref="Digest"/>.
/// </summary>
public sealed record BlobRecipe
{
    public const string FormatName = "hoist-blob/1";

    /// <summary>Always <see cref="FormatName"/>; a reader refuses any other.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>The SHA-256 of the whole blob.</summary>
    public required Digest Digest { get; init; }

    /// <summary>The blob's length: the sum of the chunks' sizes.</summary>
    public required long Size { get; init; }

    /// <summary>The chunks, in order; none for an empty blob.</summary>
    public required IReadOnlyList<ChunkRef> Chunks { get; init; }
}
