using System.Runtime.InteropServices;
using Hoist.Init.Interop;

namespace Hoist.Init.Processes;

/// <summary>Signals to process groups, and the stop sequence: ask, wait, kill. hoist-init's own group is
/// never signalled (when it is not pid 1 it shares its group with whoever started it).</summary>
internal sealed class ProcessGroups(TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    private readonly int _own = LibC.GetPGid(0);

    /// <summary>Sends <paramref name="signal"/> to every member of each group; groups that are gone are skipped.</summary>
    public void Signal(IEnumerable<int> groups, int signal)
    {
        foreach (var group in groups.Where(IsForeign))
        {
            LibC.Kill(-group, signal);
        }
    }

    /// <summary>True when no process is left in <paramref name="group"/>.</summary>
    public static bool IsEmpty(int group) => LibC.Kill(-group, 0) != 0 && Marshal.GetLastPInvokeError() == Errno.ESRCH;

    /// <summary>
    /// Sends <paramref name="signal"/> (then SIGCONT, so that a stopped process can act on it) to the groups,
    /// waits until <paramref name="mainExited"/> completed and the groups are empty, at most
    /// <paramref name="timeout"/> (null: no limit), then SIGKILLs what is left. Returns true when it had
    /// to SIGKILL. Returns at once when nothing is left to stop.
    /// </summary>
    public async Task<bool> TerminateAsync(IReadOnlyCollection<int> groups, Task? mainExited, int signal, TimeSpan? timeout)
    {
        var targets = groups.Where(IsForeign).Distinct().ToArray();
        if (Done(targets, mainExited))
        {
            return false;
        }

        Signal(targets, signal);
        Signal(targets, SignalNames.SigCont);
        var deadline = timeout is { } limit ? time.GetUtcNow() + limit : DateTimeOffset.MaxValue;
        while (!Done(targets, mainExited))
        {
            if (time.GetUtcNow() >= deadline)
            {
                Signal(targets, SignalNames.SigKill);
                await WaitAsync(targets, mainExited, KillGrace).ConfigureAwait(false);
                return true;
            }

            await PauseAsync(mainExited).ConfigureAwait(false);
        }

        return false;
    }

    private async Task WaitAsync(int[] targets, Task? mainExited, TimeSpan limit)
    {
        var deadline = time.GetUtcNow() + limit;
        while (!Done(targets, mainExited) && time.GetUtcNow() < deadline)
        {
            await PauseAsync(mainExited).ConfigureAwait(false);
        }
    }

    /// <summary>Waits one poll interval, or less when the main process ends meanwhile (the group's other
    /// members have no exit to wait for: they may not be children of hoist-init).</summary>
    private Task PauseAsync(Task? mainExited)
    {
        var delay = Task.Delay(PollInterval, time);
        return mainExited is null || mainExited.IsCompleted ? delay : Task.WhenAny(delay, mainExited);
    }

    private static bool Done(int[] targets, Task? mainExited) =>
        (mainExited is null || mainExited.IsCompleted) && targets.All(IsEmpty);

    private bool IsForeign(int group) => group > 1 && group != _own;
}
