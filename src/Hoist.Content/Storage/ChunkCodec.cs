using Hoist.Content.Chunking;
using Hoist.Core.Errors;
using ZstdSharp;

namespace Hoist.Content.Storage;

/// <summary>
/// The stored form of a chunk, on disk and on the wire: one codec byte, then the data. Codec 0 is
/// the raw bytes; codec 1 is one zstd frame (level 1, with its content size) of them, used only
/// when it saves at least a sixteenth, so that incompressible data costs one byte and no
/// decompression.
/// </summary>
public static class ChunkCodec
{
    public const byte Raw = 0;

    public const byte Zstd = 1;

    /// <summary>The zstd level: level 1 compresses at several hundred MB/s per core, so storing
    /// never waits on it.</summary>
    public const int Level = 1;

    /// <summary>The largest stored form: the codec byte and a raw chunk of the largest size.</summary>
    public const int MaxStoredSize = 1 + ChunkerOptions.Limit;

    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static Decompressor? t_decompressor;

    /// <summary>The stored form of <paramref name="uncompressed"/> (at most <see cref="ChunkerOptions.Limit"/>
    /// bytes, else <see cref="ErrorKind.InvalidArgument"/>). The same bytes give the same stored form.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> uncompressed)
    {
        if (uncompressed.Length > ChunkerOptions.Limit)
        {
            throw HoistException.InvalidArgument($"a chunk of {uncompressed.Length} bytes is larger than the limit of {ChunkerOptions.Limit}");
        }

        var compressor = t_compressor ??= new Compressor(Level);
        var worthIt = uncompressed.Length - (uncompressed.Length / 16);
        if (uncompressed.Length >= 64)
        {
            var buffer = new byte[1 + Compressor.GetCompressBound(uncompressed.Length)];
            var written = compressor.Wrap(uncompressed, buffer.AsSpan(1));
            if (written <= worthIt)
            {
                buffer[0] = Zstd;
                return buffer[..(1 + written)];
            }
        }

        var stored = new byte[1 + uncompressed.Length];
        stored[0] = Raw;
        uncompressed.CopyTo(stored.AsSpan(1));
        return stored;
    }

    /// <summary>The uncompressed bytes of a stored form. Throws <see cref="ErrorKind.InvalidArgument"/>
    /// "chunk data is corrupt: ..." when the codec byte is unknown or the zstd frame does not decode
    /// to the size it declares (at most <see cref="ChunkerOptions.Limit"/>). The digest is not
    /// checked here: the caller knows which one to expect.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> stored)
    {
        if (stored.IsEmpty)
        {
            throw Corrupt("it is empty (no codec byte)");
        }

        var data = stored[1..];
        switch (stored[0])
        {
            case Raw:
                return data.Length <= ChunkerOptions.Limit
                    ? data.ToArray()
                    : throw Corrupt($"{data.Length} raw bytes are more than the limit of {ChunkerOptions.Limit}");
            case Zstd:
                return Decompress(data);
            default:
                throw Corrupt($"unknown codec {stored[0]} (0 is raw, 1 is zstd)");
        }
    }

    private static byte[] Decompress(ReadOnlySpan<byte> frame)
    {
        var decompressor = t_decompressor ??= new Decompressor();
        ulong size;
        try
        {
            size = Decompressor.GetDecompressedSize(frame);
        }
        catch (ZstdException e)
        {
            throw Corrupt(e.Message);
        }

        if (size > ChunkerOptions.Limit)
        {
            throw Corrupt("the zstd frame does not declare a content size within the limit");
        }

        var output = new byte[(int)size];
        int written;
        try
        {
            written = decompressor.Unwrap(frame, output);
        }
        catch (ZstdException e)
        {
            throw Corrupt(e.Message);
        }

        return written == output.Length
            ? output
            : throw Corrupt($"the zstd frame declares {size} bytes and holds {written}");
    }

    private static HoistException Corrupt(string detail) =>
        HoistException.InvalidArgument($"chunk data is corrupt: {detail.ReplaceLineEndings(" ")}");
}
