using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Hoist.Content.Chunking;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Storage;

/// <summary>Reads a list of chunks from a source a few at a time, ahead of their use, and gives
/// them back in order, each checked against its size and digest.</summary>
internal static class ChunkPrefetch
{
    /// <summary>How many chunks are read ahead: enough to keep a store's decompression on both
    /// cores, or a download's round trips overlapped.</summary>
    public const int Window = 8;

    /// <summary>Yields the bytes of each of <paramref name="chunks"/>, in order. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> naming the chunk and <paramref name="what"/> when the
    /// source gives bytes of another size or digest; passes the source's own errors through.</summary>
    public static async IAsyncEnumerable<byte[]> ReadAsync(
        IChunkSource source, IEnumerable<ChunkRef> chunks, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Queue<Task<byte[]>>();
        using var next = chunks.GetEnumerator();
        try
        {
            while (true)
            {
                while (pending.Count < Window && next.MoveNext())
                {
                    pending.Enqueue(ReadVerifiedAsync(source, next.Current, what, cancellationToken));
                }

                if (pending.Count == 0)
                {
                    yield break;
                }

                yield return await pending.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            // Reads still in flight after a failure or an early stop: wait for them, so that none
            // outlives the caller; the first failure is the one the caller sees.
            while (pending.TryDequeue(out var task))
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                }
            }
        }
    }

    /// <summary>Throws <see cref="ErrorKind.InvalidArgument"/> unless <paramref name="data"/> is the chunk.</summary>
    public static void Verify(ChunkRef chunk, ReadOnlySpan<byte> data, string what)
    {
        if (data.Length != chunk.Size)
        {
            throw HoistException.InvalidArgument($"chunk {chunk.Digest} of {what} came back with {data.Length} bytes, not {chunk.Size}");
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        if (Convert.ToHexStringLower(hash) != chunk.Digest.Hex)
        {
            throw HoistException.InvalidArgument($"chunk {chunk.Digest} of {what} came back with data that hashes to {Digest.FromHash(hash)}");
        }
    }

    private static async Task<byte[]> ReadVerifiedAsync(IChunkSource source, ChunkRef chunk, string what, CancellationToken cancellationToken)
    {
        // Off the caller's thread, so that the checks of several chunks run in parallel.
        await Task.Yield();
        var data = await source.ReadAsync(chunk.Digest, cancellationToken).ConfigureAwait(false);
        Verify(chunk, data, what);
        return data;
    }
}
