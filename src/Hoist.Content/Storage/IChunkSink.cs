using Hoist.Content.Chunking;

namespace Hoist.Content.Storage;

/// <summary>Where the chunks of a blob or a tree go as they are cut: a store, an upload, a counter.</summary>
public interface IChunkSink
{
    /// <summary>
    /// Takes one chunk: <paramref name="data"/> is its uncompressed bytes, whose SHA-256 and length
    /// <paramref name="chunk"/> gives. The sink decides whether to keep it (it may have it already).
    /// <paramref name="data"/> is valid only until the returned task completes: a sink that keeps
    /// the bytes copies them. May be called from several threads at once (a tree scan chunks
    /// several files in parallel), and more than once with the same chunk.
    /// </summary>
    ValueTask AcceptAsync(ChunkRef chunk, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
