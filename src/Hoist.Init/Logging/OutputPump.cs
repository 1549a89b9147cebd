using System.Runtime.InteropServices;
using Hoist.Init.Interop;

namespace Hoist.Init.Logging;

/// <summary>
/// One thread that reads every output pipe of every process hoist-init started, with epoll, and
/// writes what it reads to the logs. One thread for all pipes, instead of one blocked thread (or thread
/// pool worker) per pipe, whatever the number of services and commands. A pipe is read until every
/// writer closed it, which can be long after the process that hoist-init started ended: a daemon it
/// forked keeps writing to the same log.
/// </summary>
internal sealed unsafe class OutputPump
{
    private const int BufferSize = 64 * 1024;
    private const int MaxEvents = 32;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, LineSplitter> _pipes = [];
    private readonly TimeProvider _time;
    private readonly int _epoll;

    /// <summary>Creates the epoll instance and starts the reading thread (a background thread).</summary>
    public OutputPump(TimeProvider time)
    {
        _time = time;
        _epoll = LibC.EpollCreate1(LibC.OCloExec);
        if (_epoll < 0)
        {
            throw new IOException($"epoll_create1: {Errno.Describe(Marshal.GetLastPInvokeError())}");
        }

        new Thread(Loop) { IsBackground = true, Name = "output" }.Start();
    }

    /// <summary>How many pipes are being read.</summary>
    public int OpenPipes
    {
        get
        {
            lock (_lock)
            {
                return _pipes.Count;
            }
        }
    }

    /// <summary>Takes ownership of the read end <paramref name="fd"/> of a pipe: its lines go to
    /// <paramref name="log"/> tagged with <paramref name="stream"/>; it is closed at end of file.</summary>
    public void Attach(int fd, LogFile log, string stream)
    {
        lock (_lock)
        {
            _pipes[fd] = new LineSplitter(log, stream);
        }

        var registration = new EpollEvent { Events = LibC.EpollIn, Data = (ulong)fd };
        if (LibC.EpollCtl(_epoll, LibC.EpollCtlAdd, fd, &registration) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Detach(fd);
            throw new IOException($"epoll_ctl: {Errno.Describe(errno)}");
        }
    }

    private void Loop()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        var buffer = (byte*)NativeMemory.Alloc(BufferSize);
        while (true)
        {
            var count = LibC.EpollWait(_epoll, events, MaxEvents, -1);
            for (var i = 0; i < count; i++)
            {
                ReadOnce((int)events[i].Data, buffer);
            }
        }
    }

    /// <summary>One read of a ready pipe (level-triggered: what is left is reported again).</summary>
    private void ReadOnce(int fd, byte* buffer)
    {
        LineSplitter? splitter;
        lock (_lock)
        {
            _pipes.TryGetValue(fd, out splitter);
        }

        if (splitter is null)
        {
            return;
        }

        var read = LibC.Read(fd, buffer, BufferSize);
        if (read > 0)
        {
            splitter.Feed(new ReadOnlySpan<byte>(buffer, (int)read), _time.GetUtcNow());
        }
        else if (read == 0 || Marshal.GetLastPInvokeError() is not (Errno.EINTR or Errno.EAGAIN))
        {
            splitter.Finish(_time.GetUtcNow());
            Detach(fd);
        }
    }

    private void Detach(int fd)
    {
        lock (_lock)
        {
            _pipes.Remove(fd);
        }

        LibC.EpollCtl(_epoll, LibC.EpollCtlDel, fd, null);
        LibC.Close(fd);
    }
}
