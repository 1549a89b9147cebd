using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Hoist.Linux.Interop;

namespace Hoist.Linux;

/// <summary>
/// Waits for one file to be written or replaced, through inotify on its directory: the file created,
/// written and closed, or another file renamed over it (the way a writer replaces a file atomically).
/// The watch starts when it is made: a change between then and a wait ends that wait at once. One wait
/// at a time; not thread-safe.
/// </summary>
public sealed class FileWatch : IDisposable
{
    // A wait looks at its cancellation token this often: a cancelled wait ends within this time.
    private const int CancellationCheckMilliseconds = 50;

    // struct inotify_event: wd, mask, cookie, len (4 bytes each), then len bytes of name, NUL-padded.
    private const int EventHeader = 16;
    private const uint QueueOverflow = 0x4000;

    private readonly int _descriptor;
    private readonly byte[] _name;
    private readonly byte[] _buffer = new byte[4096];
    private bool _disposed;

    private FileWatch(int descriptor, string name)
    {
        _descriptor = descriptor;
        _name = Encoding.UTF8.GetBytes(name);
    }

    /// <summary>Starts watching the file at <paramref name="path"/> (which need not exist yet); null when
    /// inotify cannot watch its directory (missing, or the user's inotify instances used up), so that
    /// the caller falls back to reading the file at intervals.</summary>
    public static FileWatch? TryStart(string path)
    {
        var full = Path.GetFullPath(path);
        var descriptor = LibC.InotifyInit(LibC.InNonblock | LibC.InCloexec);
        if (descriptor < 0)
        {
            return null;
        }

        if (LibC.InotifyAddWatch(descriptor, Path.GetDirectoryName(full)!, LibC.InCloseWrite | LibC.InMovedTo | LibC.InCreate | LibC.InOnlyDir) < 0)
        {
            LibC.Close(descriptor);
            return null;
        }

        return new FileWatch(descriptor, Path.GetFileName(full));
    }

    /// <summary>Returns true as soon as the file changes (or once it has changed since the watch started
    /// or the last wait ended), false when <paramref name="timeout"/> passes first. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled, and
    /// <see cref="LinuxException"/> when inotify fails.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A change already queued needs no thread; poll(2) blocks one, so that the caller's does not.
        return Changed() ? Task.FromResult(true) : Task.Run(() => Wait(timeout, cancellationToken), cancellationToken);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            LibC.Close(_descriptor);
        }
    }

    private unsafe bool Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return Changed();
            }

            var poll = new LibC.PollDescriptor { Descriptor = _descriptor, Events = LibC.PollIn };
            var milliseconds = (int)Math.Min(Math.Ceiling(left.TotalMilliseconds), CancellationCheckMilliseconds);
            var ready = LibC.Poll(&poll, 1, milliseconds);
            if (ready < 0 && Marshal.GetLastPInvokeError() != 4 /* EINTR */)
            {
                throw LinuxException.FromLastError("poll", "inotify");
            }

            if (ready > 0 && Changed())
            {
                return true;
            }
        }
    }

    // Reads every queued event without blocking; true when one names the file (or events were lost).
    private unsafe bool Changed()
    {
        var changed = false;
        while (true)
        {
            nint length;
            fixed (byte* buffer = _buffer)
            {
                length = LibC.Read(_descriptor, buffer, (nuint)_buffer.Length);
            }

            if (length <= 0)
            {
                // EAGAIN: the queue is empty.
                return changed;
            }

            for (var offset = 0; offset + EventHeader <= length;)
            {
                var header = _buffer.AsSpan(offset, EventHeader);
                var mask = MemoryMarshal.Read<uint>(header[4..]);
                var nameLength = (int)MemoryMarshal.Read<uint>(header[12..]);
                var name = _buffer.AsSpan(offset + EventHeader, nameLength);
                var end = name.IndexOf((byte)0);
                changed |= (mask & QueueOverflow) != 0 || (end < 0 ? name : name[..end]).SequenceEqual(_name);
                offset += EventHeader + nameLength;
            }
        }
    }
}
