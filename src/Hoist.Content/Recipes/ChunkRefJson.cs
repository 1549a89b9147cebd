namespace Hoist.Content.Recipes;

/// <summary>A <see cref="Chunking.ChunkRef"/> as written: {"digest": "sha256:...", "size": N}.</summary>
internal sealed class ChunkRefJson
{
    public string? Digest { get; set; }

    public int Size { get; set; }
}
