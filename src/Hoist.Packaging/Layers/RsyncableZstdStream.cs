using System.Buffers;
using System.Collections.Concurrent;
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
/// Frames and their compressed forms live in pooled buffers, and compressors are kept for the
/// stream's life: a new compressor per frame (its tables, about 1 MB at level 3) and a growing
/// MemoryStream per frame spent most of a state backup's time copying and faulting fresh pages in.
/// </summary>
internal sealed class RsyncableZstdStream : Stream
{
    private readonly Stream _inner;
    private readonly int _level;
    private readonly int _inFlight;
    private readonly FrameCutter _cutter = new();
    private readonly Queue<Task<Frame>> _pending = new();
    private readonly ConcurrentBag<Compressor> _compressors = [];
    private byte[] _frame = ArrayPool<byte>.Shared.Rent(FrameCutter.MaxSize);
    private int _length;

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
            if (_length > 0 && _cutter.Length == 0)
            {
                var compressed = Compress(EndFrame());
                _inner.Write(compressed.Span);
                compressed.Return();
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Take(buffer.Span);
            buffer = buffer[taken..];
            if (_length > 0 && _cutter.Length == 0)
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
        if (_length > 0)
        {
            await SubmitAsync(EndFrame(), cancellationToken).ConfigureAwait(false);
        }

        while (_pending.TryDequeue(out var pending))
        {
            await WriteOutAsync(pending, cancellationToken).ConfigureAwait(false);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            while (_compressors.TryTake(out var compressor))
            {
                compressor.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    // Compresses a frame with an idle compressor (or a new one), and returns the frame's buffer.
    private Frame Compress(Frame frame)
    {
        if (!_compressors.TryTake(out var compressor))
        {
            compressor = new Compressor(_level);

            // The frame checksum lets the reader tell a corrupt layer from a merely strange one.
            compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        }

        var output = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(frame.Length));
        int written;
        try
        {
            // Each Wrap starts a new frame with the compressor's parameters: the same bytes as a new compressor's.
            written = compressor.Wrap(frame.Span, output);
        }
        catch
        {
            compressor.Dispose();
            ArrayPool<byte>.Shared.Return(output);
            throw;
        }
        finally
        {
            frame.Return();
        }

        _compressors.Add(compressor);
        return new Frame(output, written);
    }

    // Adds to the current frame the bytes up to its cut point (or all of them); returns how many.
    private int Take(ReadOnlySpan<byte> buffer)
    {
        var cut = _cutter.Next(buffer);
        var taken = cut < 0 ? buffer.Length : cut;

        // The cutter ends a frame at MaxSize at the latest, so the frame's buffer always has room.
        buffer[..taken].CopyTo(_frame.AsSpan(_length));
        _length += taken;
        return taken;
    }

    private Frame EndFrame()
    {
        var frame = new Frame(_frame, _length);
        _frame = ArrayPool<byte>.Shared.Rent(FrameCutter.MaxSize);
        _length = 0;
        return frame;
    }

    private async Task SubmitAsync(Frame frame, CancellationToken cancellationToken)
    {
        if (_pending.Count >= _inFlight)
        {
            await WriteOutAsync(_pending.Dequeue(), cancellationToken).ConfigureAwait(false);
        }

        _pending.Enqueue(Task.Run(() => Compress(frame), cancellationToken));
    }

    private async Task WriteOutAsync(Task<Frame> pending, CancellationToken cancellationToken)
    {
        var compressed = await pending.ConfigureAwait(false);
        await _inner.WriteAsync(compressed.Memory, cancellationToken).ConfigureAwait(false);
        compressed.Return();
    }

    /// <summary>The first <see cref="Length"/> bytes of a buffer rented from the shared pool.</summary>
    private readonly record struct Frame(byte[] Buffer, int Length)
    {
        public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

        public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

        public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
    }
}
