using System.Security.Cryptography;
using Hoist.Content.Chunking;
using Hoist.Content.Recipes;
using Hoist.Content.Storage;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Blobs;

/// <summary>Turns a blob into chunks and a recipe, and a recipe and its chunks back into the blob.</summary>
public static class BlobChunking
{
    private static readonly ContentDefinedChunker DefaultChunker = new();

    /// <summary>Chunks <paramref name="source"/> with the default options; see
    /// <see cref="ChunkAsync(Stream, IChunkSink, ContentDefinedChunker, CancellationToken)"/>.</summary>
    public static Task<BlobRecipe> ChunkAsync(Stream source, IChunkSink sink, CancellationToken cancellationToken) =>
        ChunkAsync(source, sink, DefaultChunker, cancellationToken);

    /// <summary>
    /// Reads <paramref name="source"/> to its end, cutting it into chunks, and gives each chunk to
    /// <paramref name="sink"/> in order, one at a time, as it is cut; returns the blob's recipe
    /// (its SHA-256, size and chunks). An empty stream gives a recipe with no chunks.
    /// <paramref name="source"/> is left open.
    /// </summary>
    public static async Task<BlobRecipe> ChunkAsync(Stream source, IChunkSink sink, ContentDefinedChunker chunker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(chunker);
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunks = new List<ChunkRef>();
        long size = 0;
        await foreach (var data in chunker.ReadChunksAsync(source, cancellationToken).ConfigureAwait(false))
        {
            whole.AppendData(data.Span);
            var chunk = new ChunkRef(Digest.Of(data.Span), data.Length);
            await sink.AcceptAsync(chunk, data, cancellationToken).ConfigureAwait(false);
            chunks.Add(chunk);
            size += data.Length;
        }

        return new BlobRecipe { Digest = Digest.FromHash(whole.GetCurrentHash()), Size = size, Chunks = chunks };
    }

    /// <summary>
    /// Writes the blob of <paramref name="recipe"/> to <paramref name="destination"/>, reading its
    /// chunks from <paramref name="chunks"/> (a few ahead) and checking each chunk's size and
    /// digest, then the whole blob's. Throws <see cref="ErrorKind.InvalidArgument"/> for a recipe
    /// that <see cref="RecipeSerializer"/> would refuse, and naming the chunk or the blob when the
    /// bytes are not what the recipe says; what the source throws (NotFound for a chunk it lacks)
    /// passes through. After a failure <paramref name="destination"/> holds part of the blob, for
    /// the caller to discard; it is flushed, never closed.
    /// </summary>
    public static async Task WriteAsync(BlobRecipe recipe, IChunkSource chunks, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(destination);
        RecipeValidator.Validate(recipe);
        var what = $"blob {recipe.Digest}";
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await foreach (var data in ChunkPrefetch.ReadAsync(chunks, recipe.Chunks, what, cancellationToken).ConfigureAwait(false))
        {
            whole.AppendData(data);
            await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        var digest = Digest.FromHash(whole.GetCurrentHash());
        if (digest != recipe.Digest)
        {
            throw HoistException.InvalidArgument($"{what} was put back together from its chunks, and hashes to {digest}");
        }
    }
}
