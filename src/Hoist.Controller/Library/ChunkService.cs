using Hoist.Content.Storage;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Library;

/// <summary>Chunks and recipes in and out (docs/fabric.md, Routes): uploads of chunk frames, each checked
/// against its digest before it is kept; which chunks are missing; fetches streamed as frames.</summary>
internal sealed class ChunkService
{
    private readonly ChunkStore _chunks;
    private readonly RecipeStore _recipes;

    public ChunkService(ChunkStore chunks, RecipeStore recipes)
    {
        _chunks = chunks;
        _recipes = recipes;
    }

    /// <summary>Stores every chunk of the frames in <paramref name="body"/>. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> at the first chunk that does not match its digest or a
    /// truncated frame (the chunks before it are kept: each was checked). The store does not sync each
    /// chunk; the request's new chunks reach the disk together before it answers, or fails.</summary>
    public async Task<UploadResult> UploadAsync(Stream body, CancellationToken cancellationToken)
    {
        int chunks = 0, stored = 0;
        long bytes = 0;
        try
        {
            await foreach (var (digest, data) in ChunkFrames.ReadAllAsync(body, cancellationToken).ConfigureAwait(false))
            {
                chunks++;
                bytes += data.Length;
                if (await _chunks.PutStoredAsync(digest, data, cancellationToken).ConfigureAwait(false))
                {
                    stored++;
                }
            }
        }
        finally
        {
            if (stored > 0 && !_chunks.SyncEachChunk)
            {
                _chunks.SyncToDisk();
            }
        }

        return new UploadResult { Chunks = chunks, Stored = stored, Bytes = bytes };
    }

    /// <summary>Which of the digests the library lacks, each once, in the order given.</summary>
    public DigestList Missing(DigestList digests) =>
        new() { Digests = _chunks.Missing(Parse(digests)).Select(d => d.ToString()).ToList() };

    /// <summary>Writes the stored form of each chunk, in order, as frames. Throws
    /// <see cref="ErrorKind.NotFound"/> before writing anything when one is missing.</summary>
    public async Task FetchAsync(DigestList digests, Func<Stream> open, CancellationToken cancellationToken)
    {
        var wanted = Parse(digests);
        var missing = _chunks.Missing(wanted);
        if (missing.Count > 0)
        {
            throw HoistException.NotFound($"{missing.Count} of the chunks asked for are not in the controller's library (the first: {missing[0]})", "upload them first, or run 'hoist library push' again");
        }

        var stream = open();
        foreach (var digest in wanted)
        {
            var stored = await _chunks.ReadStoredAsync(digest, cancellationToken).ConfigureAwait(false);
            await ChunkFrames.WriteAsync(stream, digest, stored, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a recipe sent as its JSON. Throws <see cref="ErrorKind.InvalidArgument"/> when it
    /// does not hash to <paramref name="digest"/>, is no valid recipe, or is too large.</summary>
    public async Task PutRecipeAsync(string digest, Stream body, CancellationToken cancellationToken)
    {
        var parsed = Digest.Parse(digest, "recipe digest");
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > RecipeStore.MaxSize)
            {
                throw HoistException.InvalidArgument($"recipe {digest} is larger than {RecipeStore.MaxSize >> 20} MiB");
            }

            buffer.Write(chunk, 0, read);
        }

        await _recipes.PutAsync(parsed, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public Task<byte[]> GetRecipeAsync(string digest, CancellationToken cancellationToken) =>
        _recipes.ReadAsync(Digest.Parse(digest, "recipe digest"), cancellationToken);

    private static List<Digest> Parse(DigestList digests) => digests.Digests.Select(d => Digest.Parse(d, "chunk digest")).ToList();
}
