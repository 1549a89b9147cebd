using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Storage;

/// <summary>
/// A batch of chunks on the wire: for each, its 32 raw digest bytes, the length of its stored form
/// as 4 bytes big-endian, then the stored form (<see cref="ChunkCodec"/>). The stream simply ends
/// after the last one. Framing only: the receiver checks each chunk against its digest
/// (<see cref="ChunkStore.PutStoredAsync"/> does).
/// </summary>
public static class ChunkFrames
{
    /// <summary>The digest and the length before each chunk's bytes.</summary>
    public const int HeaderSize = 32 + 4;

    /// <summary>Writes one chunk's frame. <paramref name="destination"/> is neither flushed nor closed.</summary>
    public static async Task WriteAsync(Stream destination, Digest digest, ReadOnlyMemory<byte> stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (stored.Length is 0 or > ChunkCodec.MaxStoredSize)
        {
            throw HoistException.InvalidArgument($"chunk {digest}: a stored form of {stored.Length} bytes cannot be framed (1 to {ChunkCodec.MaxStoredSize})");
        }

        var header = new byte[HeaderSize];
        Convert.FromHexString(digest.Hex, header, out _, out _);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(32), stored.Length);
        await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads frames until <paramref name="source"/> ends, yielding each chunk's digest and stored
    /// form. Throws <see cref="ErrorKind.InvalidArgument"/> when the stream ends inside a frame
    /// (naming the chunk when its digest was read) or a length is 0 or above
    /// <see cref="ChunkCodec.MaxStoredSize"/>. <paramref name="source"/> is left open.
    /// </summary>
    public static async IAsyncEnumerable<(Digest Digest, byte[] Stored)> ReadAllAsync(Stream source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var header = new byte[HeaderSize];
        for (var index = 0; ; index++)
        {
            var read = await source.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                yield break;
            }

            if (read < HeaderSize)
            {
                throw HoistException.InvalidArgument($"chunk frames are truncated: frame {index} ends after {read} of its {HeaderSize} header bytes");
            }

            var digest = Digest.FromHash(header.AsSpan(0, 32));
            var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(32));
            if (length is <= 0 or > ChunkCodec.MaxStoredSize)
            {
                throw HoistException.InvalidArgument($"chunk frames are corrupt: frame {index} (chunk {digest}) gives a length of {length} (1 to {ChunkCodec.MaxStoredSize})");
            }

            var stored = new byte[length];
            read = await source.ReadAtLeastAsync(stored, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < length)
            {
                throw HoistException.InvalidArgument($"chunk frames are truncated: chunk {digest} ends after {read} of its {length} bytes");
            }

            yield return (digest, stored);
        }
    }
}
