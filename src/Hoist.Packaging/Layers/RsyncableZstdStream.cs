using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Hoist.Packaging.Layers;

/// <summary>
/// A write-only stream that compresses what it is given into a series of independent zstd frames
/// (each with its checksum and content size), each ending at a cut point that
/// <see cref="FrameCutter"/> finds in the uncompressed bytes. Any zstd decoder reads the series as
/// one stream. A frame depends only on its bytes and the level, so the output is the same however
/// many frames are compressed at once (up to <c>workers</c>, on the thread pool, written in order).
/// <see cref="CompleteAsync"/> writes the last frame; disposing without it abandons the output.
/// </summary>
internal sealed class RsyncableZstdStream : Stream
{
    private readonly Stream _inner;
    private readonly int _level;
    private readonly int _inFlight;
    private readonly FrameCutter _cutter = new();
    private readonly Queue<Task<byte[]>> _pending = new();
    private MemoryStream _frame = new();

    public RsyncableZstdStream(Stream inner, int level, int workers)
    {
        _inner = inner;
        _level = level;

        // Frames in flight each hold up to 4 MiB and its compressed form: bounded whatever the worker count.
        _inFlight = Math.Clamp(workers, 1, 16);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Compresses on the calling thread, one frame at a time: the same bytes as the async path.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Take(buffer);
            buffer = buffer[taken..];
            if (_frame.Length > 0 && _cutter.Length == 0)
            {
                _inner.Write(Compress(EndFrame(), _level));
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Take(buffer.Span);
            buffer = buffer[taken..];
            if (_frame.Length > 0 && _cutter.Length == 0)
            {
                await SubmitAsync(EndFrame(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Compresses what is left as the last frame and writes every frame still pending.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_frame.Length > 0)
        {
            await SubmitAsync(EndFrame(), cancellationToken).ConfigureAwait(false);
        }

        while (_pending.TryDequeue(out var frame))
        {
            await _inner.WriteAsync(await frame.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Frames are written as they are compressed; this flushes nothing more.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        // Abandoned (after a failure): let the compressions in flight finish, unobserved.
        while (_pending.TryDequeue(out var frame))
        {
            await frame.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static byte[] Compress(byte[] frame, int level)
    {
        using var compressor = new Compressor(level);

        // The frame checksum lets the reader tell a corrupt layer from a merely strange one.
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        var output = new byte[Compressor.GetCompressBound(frame.Length)];
        var written = compressor.Wrap(frame, output);
        return output[..written];
    }

    // Adds to the current frame the bytes up to its cut point (or all of them); returns how many.
    private int Take(ReadOnlySpan<byte> buffer)
    {
        var cut = _cutter.Next(buffer);
        var taken = cut < 0 ? buffer.Length : cut;
        _frame.Write(buffer[..taken]);
        return taken;
    }

    private byte[] EndFrame()
    {
        var frame = _frame.ToArray();
        _frame = new MemoryStream();
        return frame;
    }

    private async Task SubmitAsync(byte[] frame, CancellationToken cancellationToken)
    {
        if (_pending.Count >= _inFlight)
        {
            await _inner.WriteAsync(await _pending.Dequeue().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        var level = _level;
        _pending.Enqueue(Task.Run(() => Compress(frame, level), cancellationToken));
    }
}
