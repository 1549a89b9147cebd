using System.Diagnostics;
using Hoist.Init.Interop;
using Hoist.Init.Processes;
using Hoist.Init.Readiness;
using Hoist.Init.Restarts;
using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>
/// One start of a service, the way systemd starts a unit: runtime directories, environment, Pre commands,
/// the main process, waiting until it is ready as its Type= says (and its readiness check passes), then
/// Post commands. A failure at any step stops what this start spawned and is returned as the run's outcome.
/// </summary>
internal sealed class StartAttempt(ServiceRunner runner)
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PidFileWait = TimeSpan.FromSeconds(5);

    private ServicePlan Plan => runner.Plan;

    private SupervisorContext Context => runner.Context;

    /// <summary>How long Pre and Post commands, a forking starter and READY=1 may take (systemd's
    /// TimeoutStartSec): the readiness timeout when there is one, else 90 s.</summary>
    private TimeSpan StartTimeout => Plan.Readiness is { } readiness ? TimeSpan.FromSeconds(readiness.TimeoutSeconds) : DefaultStartTimeout;

    /// <summary>Starts the service; the result holds its main process once it is ready, or the outcome of a
    /// start that failed or of a oneshot that finished. Throws OperationCanceledException when stopped.</summary>
    public async Task<StartResult> RunAsync(CancellationToken token)
    {
        var released = runner.Held.TakeReleased();
        runner.SetState(ServiceStates.Starting, s => s with { Pid = null, Message = null });
        try
        {
            ServiceCommands commands;
            if (released is null)
            {
                RuntimeDirectories.Create(Plan.RuntimeDirectories);
                commands = new ServiceCommands(runner, ServiceVariables.Build(Plan, Context.Spec.NotifySocket));
                await commands.RunAllAsync(Plan.Pre, "ExecStartPre", StartTimeout, duringStop: false, token).ConfigureAwait(false);
            }
            else
            {
                // Begun when the process spawned ahead was released, which did the steps above (a service
                // with Pre commands is never spawned ahead).
                commands = new ServiceCommands(runner, released.Variables);
            }

            var (main, result) = await StartMainAsync(commands, released, token).ConfigureAwait(false);
            if (result.Outcome is { Clean: false })
            {
                return result;
            }

            await commands.WithMainPid(main.Pid).RunAllAsync(Plan.Post, "ExecStartPost", StartTimeout, duringStop: false, token).ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (e is StartFailure or SpawnException)
        {
            var outcome = e is StartFailure failure ? failure.Outcome : RunOutcome.StartFailed(e.Message);
            Context.Events.Error($"{Plan.Name}: start failed: {outcome.Description}");
            await runner.AbandonAsync().ConfigureAwait(false);
            return StartResult.Finished(outcome);
        }
    }

    /// <summary>Spawns the main process, or takes the one <paramref name="released"/> holds, and waits until
    /// it is ready as its Type says.</summary>
    private async Task<(MainProcess Main, StartResult Result)> StartMainAsync(ServiceCommands commands, ReleasedStart? released, CancellationToken token)
    {
        var readySignal = Plan.Type == "notify" ? released?.Ready ?? runner.ExpectReady() : null;
        var started = released?.Timestamp ?? Stopwatch.GetTimestamp();
        var spawned = released?.Process
            ?? runner.Spawn(ServiceVariables.Request(Plan, Plan.Exec, commands.Variables), discardOutput: false, duringStop: false);
        runner.Tracker.RunStarted();
        Context.Events.Info($"{Plan.Name}: started, pid {spawned.Pid}");
        runner.SetState(ServiceStates.Starting, s => s with { Pid = spawned.Pid });
        var main = new MainProcess(spawned.Pid, spawned.Exited, [spawned.ProcessGroup]);
        switch (Plan.Type)
        {
            case "oneshot":
                return (main, await FinishOneshotAsync(spawned, token).ConfigureAwait(false));
            case "forking":
                main = await AdoptDaemonAsync(spawned, token).ConfigureAwait(false);
                break;
            case "notify":
                main = await AwaitNotifyAsync(spawned, readySignal!, token).ConfigureAwait(false);
                break;
        }

        if (!runner.SetMain(main))
        {
            await runner.TerminateAsync(main, []).ConfigureAwait(false);
            throw new OperationCanceledException(token);
        }

        if (Plan.Readiness is { } readiness)
        {
            await AwaitReadinessAsync(readiness, main, commands, token).ConfigureAwait(false);
        }

        runner.SetState(ServiceStates.Ready, s => s with { Pid = main.Pid, Message = null });
        Context.Events.Info($"{Plan.Name}: ready in {(long)Stopwatch.GetElapsedTime(started).TotalMilliseconds} ms");
        return (main, StartResult.Running(main));
    }

    /// <summary>A oneshot runs to its end: exit 0 is state exited, anything else the outcome of a failed run.</summary>
    private async Task<StartResult> FinishOneshotAsync(SpawnedProcess spawned, CancellationToken token)
    {
        TimeSpan? limit = Plan.Readiness is { } readiness ? TimeSpan.FromSeconds(readiness.TimeoutSeconds) : null;
        if (!await Waits.WithinAsync(spawned.Exited, limit, Context.Time, token).ConfigureAwait(false))
        {
            throw new StartFailure(RunOutcome.Timeout($"did not finish within {limit?.TotalSeconds} s"));
        }

        var exit = await spawned.Exited.ConfigureAwait(false);
        runner.RecordExit(exit);
        await Context.Groups.TerminateAsync([spawned.ProcessGroup], null, Plan.StopSignal, runner.StopTimeout).ConfigureAwait(false);
        if (exit.Success)
        {
            runner.SetState(ServiceStates.Exited, s => s with { Pid = null, Message = null });
            Context.Events.Info($"{Plan.Name}: finished");
        }

        return StartResult.Finished(RunOutcome.Ended(exit));
    }

    /// <summary>Type=forking: the spawned starter must exit 0; the daemon it left is named by the pid file
    /// (written by the starter or soon after by the daemon), and has become a child of hoist-init.</summary>
    private async Task<MainProcess> AdoptDaemonAsync(SpawnedProcess starter, CancellationToken token)
    {
        if (!await Waits.WithinAsync(starter.Exited, StartTimeout, Context.Time, token).ConfigureAwait(false))
        {
            throw new StartFailure(RunOutcome.Timeout($"the starting process did not exit within {StartTimeout.TotalSeconds} s"));
        }

        var exit = await starter.Exited.ConfigureAwait(false);
        if (!exit.Success)
        {
            runner.RecordExit(exit);
            throw new StartFailure(RunOutcome.Ended(exit));
        }

        var pidFile = Plan.PidFile!;
        var deadline = Context.Time.GetUtcNow() + PidFileWait;
        while (true)
        {
            if (ReadPid(pidFile) is { } pid && Context.Reaper.Adopt(pid) is { } exited)
            {
                var group = LibC.GetPGid(pid);
                return new MainProcess(pid, exited, group > 0 && group != starter.ProcessGroup ? [starter.ProcessGroup, group] : [starter.ProcessGroup]);
            }

            if (Context.Time.GetUtcNow() >= deadline)
            {
                throw StartFailure.Because($"pid file {pidFile} names no running process {PidFileWait.TotalSeconds} s after the start");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), Context.Time, token).ConfigureAwait(false);
        }
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out var pid) && pid > 1 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Type=notify: ready on READY=1; a MAINPID= sent before or with it names the main process.</summary>
    private async Task<MainProcess> AwaitNotifyAsync(SpawnedProcess spawned, Task<int?> ready, CancellationToken token)
    {
        await Waits.WithinAsync(Task.WhenAny(ready, spawned.Exited), StartTimeout, Context.Time, token).ConfigureAwait(false);
        if (!ready.IsCompleted && spawned.Exited.IsCompleted && Context.Notifications is { } notifications)
        {
            // It may have sent READY=1 just before it exited (a starter that hands over to MAINPID=).
            await Waits.WithinAsync(notifications.FlushAsync(), TimeSpan.FromSeconds(1), Context.Time, token).ConfigureAwait(false);
        }

        if (!ready.IsCompleted)
        {
            if (spawned.Exited.IsCompleted)
            {
                var exit = await spawned.Exited.ConfigureAwait(false);
                runner.RecordExit(exit);
                throw new StartFailure(RunOutcome.Ended(exit));
            }

            throw new StartFailure(RunOutcome.Timeout($"no READY=1 within {StartTimeout.TotalSeconds} s"));
        }

        if (await ready.ConfigureAwait(false) is not { } pid || pid == spawned.Pid)
        {
            return new MainProcess(spawned.Pid, spawned.Exited, [spawned.ProcessGroup]);
        }

        var exited = Context.Reaper.Adopt(pid) ?? throw StartFailure.Because($"MAINPID={pid} names no running process");
        var group = LibC.GetPGid(pid);
        return new MainProcess(pid, exited, group > 0 && group != spawned.ProcessGroup ? [spawned.ProcessGroup, group] : [spawned.ProcessGroup]);
    }

    private async Task AwaitReadinessAsync(ReadinessPlan readiness, MainProcess main, ServiceCommands commands, CancellationToken token)
    {
        var result = await ReadinessWaiter.WaitAsync(readiness, RunCheckAsync, main.Exited, Context.Time, token).ConfigureAwait(false);
        if (result == ReadinessResult.MainEnded)
        {
            var exit = await main.Exited.ConfigureAwait(false);
            runner.RecordExit(exit);
            throw new StartFailure(RunOutcome.Ended(exit));
        }

        if (result == ReadinessResult.TimedOut)
        {
            throw new StartFailure(RunOutcome.Timeout($"not ready within {readiness.TimeoutSeconds} s"));
        }

        async Task<bool> RunCheckAsync(TimeSpan left, CancellationToken cancellationToken)
        {
            var limit = left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
            var exit = await commands.RunAsync(readiness.Exec!, discardOutput: true, limit, duringStop: false, cancellationToken).ConfigureAwait(false);
            return exit is { Success: true };
        }
    }
}
