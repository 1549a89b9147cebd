using System.Diagnostics;
using Hoist.Init.Processes;
using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>
/// A service's main process spawned ahead of its start while hoist-init stands by, held just before its
/// execve (see <see cref="HeldProcess"/>), so that SIGUSR1 leads to the service's execve without a start
/// of exec mode in between. Its release is the start: what a start does before its spawn is done again
/// then, and the <see cref="StartAttempt"/> goes on from the spawn. The supervisor calls <see cref="Hold"/>,
/// then <see cref="ReleaseAsync"/> or <see cref="DiscardAsync"/>, one after the other and before the
/// service runner starts; nothing held is left once they returned.
/// </summary>
internal sealed class HeldMain(ServiceRunner runner)
{
    private HeldProcess? _held;
    private ReleasedStart? _released;

    /// <summary>
    /// Makes the runtime directories, reads the environment and spawns the main process held: exec mode
    /// does all of its steps now. False, with nothing spawned, when the start has a step that must come
    /// first (ExecStartPre), or the environment or the spawn failed; the start then does everything.
    /// </summary>
    public bool Hold()
    {
        if (runner.Plan.Pre.Count > 0)
        {
            return false;
        }

        try
        {
            RuntimeDirectories.Create(runner.Plan.RuntimeDirectories);
            _held = runner.Context.Spawner.SpawnHeld(MainRequest(out _), runner.Log);
            runner.Context.Events.Info($"{runner.Plan.Name}: spawned ahead, pid {_held.Process.Pid}, held until the start");
            return true;
        }
        catch (Exception e) when (e is StartFailure or SpawnException)
        {
            runner.Context.Events.Info($"{runner.Plan.Name}: not spawned ahead ({e.Message}); the start spawns it");
            return false;
        }
    }

    /// <summary>
    /// Begins the start with the held process: the runtime directories are made and the environment files
    /// read again, and the process is released if its request is still the same (then true, and
    /// <see cref="TakeReleased"/> has the start). False when there is none, or it ended while held, or its
    /// environment changed: it is then called off and waited for, and the start spawns a new one.
    /// </summary>
    public async Task<bool> ReleaseAsync()
    {
        if (Interlocked.Exchange(ref _held, null) is not { } held)
        {
            return false;
        }

        string reason;
        try
        {
            RuntimeDirectories.Create(runner.Plan.RuntimeDirectories);
            var request = MainRequest(out var variables);
            reason = "its environment changed while it was held";
            if (ProcessSpawner.Serialize(request) == held.Request)
            {
                // Before the release: a notify service may send READY=1 as soon as it runs.
                var ready = runner.Plan.Type == "notify" ? runner.ExpectReady() : null;
                var timestamp = Stopwatch.GetTimestamp();
                if (held.Release())
                {
                    runner.Adopt(held.Process);
                    _released = new ReleasedStart(held.Process, variables, ready, timestamp);
                    return true;
                }

                reason = "it ended while held";
            }
        }
        catch (StartFailure e)
        {
            reason = e.Message;
        }

        runner.Context.Events.Info($"{runner.Plan.Name}: pid {held.Process.Pid}, spawned ahead, is not used ({reason}); the start spawns it");
        await CallOffAsync(held).ConfigureAwait(false);
        return false;
    }

    /// <summary>Calls off the held process, if any, and waits until it is gone (reaped).</summary>
    public Task DiscardAsync() => Interlocked.Exchange(ref _held, null) is { } held ? CallOffAsync(held) : Task.CompletedTask;

    /// <summary>The start begun by <see cref="ReleaseAsync"/>, once; null for a start from scratch.</summary>
    public ReleasedStart? TakeReleased() => Interlocked.Exchange(ref _released, null);

    // Closing its pipe ends it, but one still starting up would get there late: it is killed as well.
    private Task CallOffAsync(HeldProcess held)
    {
        held.CallOff();
        return runner.Context.Groups.TerminateAsync([held.Process.ProcessGroup], held.Process.Exited, SignalNames.SigKill, TimeSpan.Zero);
    }

    /// <summary>The request of the main command, in the environment read now. Throws <see cref="StartFailure"/>.</summary>
    private ExecRequest MainRequest(out Dictionary<string, string> variables)
    {
        variables = ServiceVariables.Build(runner.Plan, runner.Context.Spec.NotifySocket);
        return ServiceVariables.Request(runner.Plan, runner.Plan.Exec, variables);
    }
}
