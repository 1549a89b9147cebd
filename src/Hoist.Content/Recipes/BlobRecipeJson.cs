namespace Hoist.Content.Recipes;

/// <summary>A <see cref="Blobs.BlobRecipe"/> as written. The JSON forms are fixed here, apart from the
/// public records, so that the bytes (and so the digests) stay the same whatever those records become.
/// Fields at their default are left out; a reader takes a missing field as its default.</summary>
internal sealed class BlobRecipeJson
{
    public string? Format { get; set; }

    public string? Digest { get; set; }

    public long Size { get; set; }

    public List<ChunkRefJson>? Chunks { get; set; }
}
