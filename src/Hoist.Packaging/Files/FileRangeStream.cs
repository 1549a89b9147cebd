using Hoist.Core.Progress;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Packaging.Files;

/// <summary>A read-only, seekable view of a byte range of an open file. Reads go through
/// <see cref="RandomAccess"/> at explicit offsets, so several views of one handle can be read at
/// once. Each read is reported to <paramref name="progress"/>, if given, as bytes done of the range's
/// length. Disposing the view leaves the handle open.</summary>
public sealed class FileRangeStream(SafeFileHandle handle, long start, long length, IProgressReporter? progress = null) : Stream
{
    private long _position;

    public override bool CanRead => !handle.IsClosed;

    public override bool CanSeek => !handle.IsClosed;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0 ? 0 : Advance(RandomAccess.Read(handle, buffer[..wanted], start + _position));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Wanted(buffer.Length);
        return wanted == 0
            ? 0
            : Advance(await RandomAccess.ReadAsync(handle, buffer[..wanted], start + _position, cancellationToken).ConfigureAwait(false));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Wanted(int bufferLength)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        return (int)Math.Clamp(length - _position, 0, bufferLength);
    }

    private int Advance(int read)
    {
        _position += read;
        progress?.Advance(_position, length);
        return read;
    }
}
