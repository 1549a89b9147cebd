using System.Net.Http.Headers;
using System.Text.Json;
using Hoist.Content.Chunking;
using Hoist.Content.Storage;
using Hoist.Core.Storage;

namespace Hoist.Fabric.Client;

/// <summary>
/// Sends chunks to the controller, only those it lacks: chunks given to <see cref="AcceptAsync"/> are
/// gathered into batches (4 MiB or 512 chunks), the controller is asked which of a batch it lacks, and
/// those are uploaded in one request. <see cref="FlushAsync"/> sends what is left; call it before using
/// what was uploaded. A scan hands it chunks from several threads at once: they take turns.
/// </summary>
public sealed class ChunkUploader : IChunkSink
{
    private const int BatchBytes = 4 << 20;
    private const int BatchChunks = 512;

    private readonly ControllerClient _client;
    private readonly List<(Digest Digest, ReadOnlyMemory<byte> Data)> _batch = [];
    private readonly HashSet<Digest> _known = [];
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _batchBytes;

    public ChunkUploader(ControllerClient client) => _client = client;

    /// <summary>Bytes sent to the controller (chunks in their stored form, and recipes).</summary>
    public long BytesSent { get; private set; }

    /// <summary>Chunks the controller lacked and got.</summary>
    public int ChunksSent { get; private set; }

    public async ValueTask AcceptAsync(ChunkRef chunk, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_known.Add(chunk.Digest))
            {
                return;
            }

            // The scanner may reuse its buffer once this returns: keep a copy.
            _batch.Add((chunk.Digest, data.ToArray()));
            _batchBytes += data.Length;
            if (_batchBytes >= BatchBytes || _batch.Count >= BatchChunks)
            {
                await SendBatchAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Uploads the chunks gathered so far that the controller lacks.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendBatchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task SendBatchAsync(CancellationToken cancellationToken)
    {
        if (_batch.Count == 0)
        {
            return;
        }

        var missing = (await _client.MissingChunksAsync([.. _batch.Select(c => c.Digest.ToString())], cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var frames = new MemoryStream();
        var count = 0;
        foreach (var (digest, data) in _batch.Where(c => missing.Contains(c.Digest.ToString())))
        {
            await ChunkFrames.WriteAsync(frames, digest, ChunkCodec.Encode(data.Span), cancellationToken).ConfigureAwait(false);
            count++;
        }

        _batch.Clear();
        _batchBytes = 0;
        if (count == 0)
        {
            return;
        }

        frames.Position = 0;
        using var content = new StreamContent(frames);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Chunks) { Content = content };
        using var response = await _client.SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var result = await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), FabricJson.Default.UploadResult, cancellationToken).ConfigureAwait(false);
        BytesSent += result?.Bytes ?? frames.Length;
        ChunksSent += count;
    }

    /// <summary>Stores a recipe (its serialized bytes) in the controller under its digest.</summary>
    public async Task<Digest> PutRecipeAsync(byte[] json, CancellationToken cancellationToken)
    {
        var digest = Digest.Of(json);
        await _client.PutRecipeAsync(digest.ToString(), json, cancellationToken).ConfigureAwait(false);
        BytesSent += json.Length;
        return digest;
    }
}
