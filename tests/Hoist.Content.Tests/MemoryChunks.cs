using System.Collections.Concurrent;
using Hoist.Content.Chunking;
using Hoist.Content.Storage;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Tests;

/// <summary>Chunks in memory, counting what goes in and out: a sink and a source for tests.</summary>
internal sealed class MemoryChunks : IChunkSink, IChunkSource
{
    private readonly ConcurrentDictionary<Digest, byte[]> _chunks = new();
    private long _accepts;
    private long _acceptedBytes;
    private long _reads;

    public long Accepts => Interlocked.Read(ref _accepts);

    public long AcceptedBytes => Interlocked.Read(ref _acceptedBytes);

    public long Reads => Interlocked.Read(ref _reads);

    public int Count => _chunks.Count;

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _accepts, 0);
        Interlocked.Exchange(ref _acceptedBytes, 0);
        Interlocked.Exchange(ref _reads, 0);
    }

    public ValueTask AcceptAsync(ChunkRef chunk, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Assert.Equal(chunk.Size, data.Length);
        Assert.Equal(chunk.Digest, Digest.Of(data.Span));
        Interlocked.Increment(ref _accepts);
        Interlocked.Add(ref _acceptedBytes, data.Length);
        _chunks.TryAdd(chunk.Digest, data.ToArray());
        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]> ReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return _chunks.TryGetValue(digest, out var data)
            ? ValueTask.FromResult(data)
            : throw HoistException.NotFound($"chunk {digest} is not in memory");
    }

    /// <summary>Replaces a chunk's bytes, to play a source that lies.</summary>
    public void Corrupt(Digest digest, byte[] data) => _chunks[digest] = data;
}
