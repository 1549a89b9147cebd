using System.Runtime.InteropServices;
using Hoist.Init.Interop;

namespace Hoist.Init.Processes;

/// <summary>
/// The one thread that reaps: waitpid(-1) in a loop, so that every child ends up reaped, the orphans a
/// subreaper (or pid 1) inherits included. An exit goes to whoever watches that pid; other exits are
/// orphans, kept for a while in case someone adopts that pid later (a forking daemon whose pid file
/// is read after it already died).
/// </summary>
internal sealed class ChildReaper
{
    private const int RememberedOrphans = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, TaskCompletionSource<ExitStatus>> _watched = [];
    private readonly Dictionary<int, ExitStatus> _orphanExits = [];
    private readonly Queue<int> _orphanOrder = new();
    private readonly AutoResetEvent _spawned = new(false);

    /// <summary>Starts the reaping thread (a background thread: it never delays the exit of the process).</summary>
    public ChildReaper() => new Thread(Loop) { IsBackground = true, Name = "reaper" }.Start();

    /// <summary>How many orphans (exits no one watched) were reaped so far.</summary>
    public int OrphansReaped { get; private set; }

    /// <summary>Runs <paramref name="spawn"/> (which returns the new child's pid) and watches that pid, as one
    /// step: the reaper cannot hand the child's exit to no one, even if it ends at once.</summary>
    public Task<ExitStatus> Spawn(Func<int> spawn, out int pid)
    {
        lock (_lock)
        {
            pid = spawn();
            var exit = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            _watched[pid] = exit;
            _spawned.Set();
            return exit.Task;
        }
    }

    /// <summary>Watches a process hoist-init did not start (a forking daemon, a MAINPID= from sd_notify).
    /// Its exit is seen only once it is a child of hoist-init, which as a subreaper it becomes when its
    /// parent ends. Returns null when the pid names no process and was not reaped lately.</summary>
    public Task<ExitStatus>? Adopt(int pid)
    {
        lock (_lock)
        {
            if (_watched.TryGetValue(pid, out var watched))
            {
                return watched.Task;
            }

            if (_orphanExits.Remove(pid, out var status))
            {
                return Task.FromResult(status);
            }

            if (LibC.Kill(pid, 0) != 0 && Marshal.GetLastPInvokeError() == Errno.ESRCH)
            {
                return null;
            }

            var exit = new TaskCompletionSource<ExitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            _watched[pid] = exit;
            return exit.Task;
        }
    }

    private void Loop()
    {
        while (true)
        {
            var pid = LibC.WaitPid(-1, out var status, 0);
            if (pid > 0)
            {
                Deliver(pid, ExitStatus.FromWaitStatus(status));
            }
            else if (Marshal.GetLastPInvokeError() == Errno.ECHILD)
            {
                // No children: sleep until something is spawned. A spawn between waitpid and here has
                // already set the event, so no wake-up is lost.
                _spawned.WaitOne();
            }
        }
    }

    private void Deliver(int pid, ExitStatus status)
    {
        lock (_lock)
        {
            if (_watched.Remove(pid, out var watcher))
            {
                watcher.TrySetResult(status);
                return;
            }

            OrphansReaped++;
            _orphanExits[pid] = status;
            _orphanOrder.Enqueue(pid);
            if (_orphanOrder.Count > RememberedOrphans)
            {
                _orphanExits.Remove(_orphanOrder.Dequeue());
            }
        }
    }
}
