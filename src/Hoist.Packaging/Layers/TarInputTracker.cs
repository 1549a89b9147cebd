using System.Security.Cryptography;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Packaging.Layers;

/// <summary>
/// The uncompressed tar stream on its way into TarReader: hashes and counts it (the layer's
/// DiffId and size), notes where the last non-zero byte was (to tell a complete archive from one
/// cut at an entry boundary), and turns any failure of the decompressor into the single
/// "layer is truncated or corrupt" error.
/// </summary>
internal sealed class TarInputTracker(Stream inner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _lastBlock = new byte[PaxHeaderWriter.BlockSize];
    private long _position;

    /// <summary>The offset just past the last non-zero byte read so far.</summary>
    public long EndOfData { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>Bytes read so far; settable only to satisfy <see cref="Stream"/>.</summary>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>The last 512 bytes read. TarReader reads a header block exactly and no further, so
    /// right after it returns an entry these are that entry's header.</summary>
    public ReadOnlySpan<byte> LastBlock => _lastBlock;

    /// <summary>The SHA-256 of everything read so far.</summary>
    public Digest CurrentDigest() => Digest.FromHash(_hash.GetCurrentHash());

    /// <summary>Reads what is left of the stream, so that the digest covers all of it.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw LayerErrors.Corrupt(e.Message, e);
        }

        return Track(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw LayerErrors.Corrupt(e.Message, e);
        }

        return Track(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Everything the decompressor throws is about its input, except cancellation and
    /// our own errors.</summary>
    private static bool IsDecodeFailure(Exception e) => e is not (OperationCanceledException or HoistException);

    private int Track(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        var lastNonZero = data.LastIndexOfAnyExcept((byte)0);
        if (lastNonZero >= 0)
        {
            EndOfData = _position + lastNonZero + 1;
        }

        if (data.Length >= _lastBlock.Length)
        {
            data[^_lastBlock.Length..].CopyTo(_lastBlock);
        }
        else
        {
            // Span copies allow overlap: shift the kept bytes left, then append.
            _lastBlock.AsSpan(data.Length).CopyTo(_lastBlock);
            data.CopyTo(_lastBlock.AsSpan(_lastBlock.Length - data.Length));
        }

        _position += data.Length;
        return data.Length;
    }
}
