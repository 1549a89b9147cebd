using System.Globalization;
using Hoist.Init.Logging;
using Hoist.Init.Processes;
using Hoist.Init.Restarts;
using Hoist.Supervision;

namespace Hoist.Init.Services;

/// <summary>
/// Supervises one service: starts it, waits for the end of its main process, restarts it as its
/// Restart= says with backoff, and stops it. Every process it spawns is tracked until it ends, so that a
/// stop reaches whatever is running at that moment (a Pre command, a readiness check, the main process).
/// </summary>
internal sealed class ServiceRunner
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstStart = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<SpawnedProcess> _live = [];
    private bool _stopping;
    private MainProcess? _main;
    private ReadyNotice? _notice;
    private Task _loop = Task.CompletedTask;

    public ServiceRunner(ServicePlan plan, int index, LogFile log, SupervisorContext context)
    {
        Plan = plan;
        Index = index;
        Log = log;
        Context = context;
        Tracker = new RestartTracker(context.Spec.Restart, context.Time);
        Held = new HeldMain(this);
    }

    public ServicePlan Plan { get; }

    /// <summary>The service's place in the spec (and in the status).</summary>
    public int Index { get; }

    public LogFile Log { get; }

    public SupervisorContext Context { get; }

    public RestartTracker Tracker { get; }

    /// <summary>Its main process spawned ahead of the start, in standby.</summary>
    public HeldMain Held { get; }

    /// <summary>Completes when the first start settled: ready, finished (a oneshot), or failed.</summary>
    public Task FirstStart => _firstStart.Task;

    /// <summary>A notify service waiting for its READY=1.</summary>
    public bool AwaitingReady => _notice is { Waiting: true };

    /// <summary>How long its processes get to stop before SIGKILL; null for no limit.</summary>
    public TimeSpan? StopTimeout => Plan.StopTimeoutSeconds > 0 ? TimeSpan.FromSeconds(Plan.StopTimeoutSeconds) : null;

    /// <summary>Starts with no step but the spawn of its main process, and counts as ready once it is
    /// spawned (Type simple or exec, no readiness check, no Pre or Post commands): the next service in
    /// the spec starts right after it.</summary>
    public bool ReadyOnceSpawned =>
        Plan.Type is "simple" or "exec" && Plan.Readiness is null && Plan.Pre.Count == 0 && Plan.Post.Count == 0;

    public void Start() => _loop = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var outcome = await RunOnceAsync(token).ConfigureAwait(false);
                if (outcome is null || !await RestartAfterAsync(outcome, token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped: StopAsync takes it from here.
        }
        catch (Exception e)
        {
            // A bug here must not take hoist-init (pid 1, and the app with it) down: the service is
            // given up, visibly.
            Context.Events.Error($"{Plan.Name}: supervision failed: {e}");
            SetState(ServiceStates.Failed, s => s with { Message = $"supervision failed: {e.Message}" });
        }
        finally
        {
            _firstStart.TrySetResult();
        }
    }

    /// <summary>One start and, when the service comes up, its whole run. Null when a stop interrupted it.</summary>
    private async Task<RunOutcome?> RunOnceAsync(CancellationToken token)
    {
        var start = await new StartAttempt(this).RunAsync(token).ConfigureAwait(false);
        _firstStart.TrySetResult();
        if (start.Main is not { } main)
        {
            return start.Outcome;
        }

        var exit = await main.Exited.ConfigureAwait(false);
        if (token.IsCancellationRequested)
        {
            return null;
        }

        RecordExit(exit);
        // What the run left in its process groups (the workers of a server that crashed) goes with it.
        await Context.Groups.TerminateAsync(main.Groups, null, Plan.StopSignal, StopTimeout).ConfigureAwait(false);
        SetMain(null);
        return RunOutcome.Ended(exit);
    }

    /// <summary>Applies Restart= to a run that ended: sets the final state and returns false, or waits the
    /// backoff delay and returns true.</summary>
    private async Task<bool> RestartAfterAsync(RunOutcome outcome, CancellationToken token)
    {
        var name = Plan.Name;
        if (Plan.Type == "oneshot" && outcome.Clean)
        {
            return false;
        }

        if (!RestartRules.ShouldRestart(Plan.Restart, outcome))
        {
            var final = outcome.Clean ? ServiceStates.Exited : ServiceStates.Failed;
            SetState(final, s => s with { Pid = null, Message = outcome.Clean ? null : outcome.Description });
            var line = $"{name}: {outcome.Description}; not restarted (Restart={Plan.Restart})";
            if (outcome.Clean)
            {
                Context.Events.Info(line);
            }
            else
            {
                Context.Events.Error(line);
            }
            return false;
        }

        var wasLooping = Tracker.CrashLooping;
        var plan = Tracker.Failed();
        var delay = plan.Delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var loop = $"crash-looping: {plan.Failures} failures in {Context.Spec.Restart.CrashLoopWindowSeconds} s";
        if (plan.CrashLooping && !wasLooping)
        {
            Context.Events.Error($"{name}: {loop}");
        }

        var message = $"{outcome.Description}; restarting in {delay} s";
        SetState(plan.CrashLooping ? ServiceStates.CrashLooping : ServiceStates.Restarting,
            s => s with { Pid = null, Message = plan.CrashLooping ? $"{loop}; {message}" : message });
        Context.Events.Error($"{name}: {message}");
        await Task.Delay(plan.Delay, Context.Time, token).ConfigureAwait(false);
        Context.Status.Update(Index, s => s with { Restarts = s.Restarts + 1 });
        return true;
    }

    /// <summary>
    /// Stops the service: no new process starts; if it runs, its Stop commands run, then its StopSignal
    /// goes to its process groups and to every process of the start under way; what is left after
    /// StopTimeoutSeconds is SIGKILLed. Returns when all of it ended and the state is stopped.
    /// </summary>
    public async Task StopAsync()
    {
        await Held.DiscardAsync().ConfigureAwait(false);
        SpawnedProcess[] live;
        MainProcess? main;
        lock (_lock)
        {
            _stopping = true;
            live = [.. _live];
            main = _main;
        }

        var wasReady = Context.Status.Get(Index).State == ServiceStates.Ready;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (main is { Exited.IsCompleted: false } || live.Any(p => !p.Exited.IsCompleted))
        {
            SetState(ServiceStates.Stopping, s => s with { Message = null });
            Context.Events.Info($"{Plan.Name}: stopping");
            if (wasReady && main is not null && Plan.Stop.Count > 0)
            {
                await RunStopCommandsAsync(main).ConfigureAwait(false);
            }

            await TerminateAsync(main, live).ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
        SetState(ServiceStates.Stopped, s => s with { Pid = null, Message = null });
        Context.Events.Info($"{Plan.Name}: stopped");
    }

    private async Task RunStopCommandsAsync(MainProcess main)
    {
        try
        {
            var variables = ServiceVariables.Build(Plan, Context.Spec.NotifySocket);
            await new ServiceCommands(this, variables).WithMainPid(main.Pid)
                .RunAllAsync(Plan.Stop, "ExecStop", StopTimeout, duringStop: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StartFailure or SpawnException)
        {
            Context.Events.Error($"{Plan.Name}: {e.Message}; stopping with {SignalNames.Name(Plan.StopSignal)}");
        }
    }

    /// <summary>Stops <paramref name="main"/> and <paramref name="others"/>: StopSignal to their groups, then
    /// SIGKILL after the stop timeout.</summary>
    public async Task TerminateAsync(MainProcess? main, IReadOnlyCollection<SpawnedProcess> others)
    {
        var groups = (main?.Groups ?? []).Concat(others.Select(p => p.ProcessGroup)).ToList();
        var exits = Task.WhenAll(others.Select(p => (Task)p.Exited).Append(main?.Exited ?? Task.CompletedTask));
        if (await Context.Groups.TerminateAsync(groups, exits, Plan.StopSignal, StopTimeout).ConfigureAwait(false))
        {
            Context.Events.Error($"{Plan.Name}: did not stop within {Plan.StopTimeoutSeconds} s of {SignalNames.Name(Plan.StopSignal)}; killed");
        }
    }

    /// <summary>Stops every process of the current start and forgets the main process (a start that failed).</summary>
    public Task AbandonAsync()
    {
        MainProcess? main;
        SpawnedProcess[] live;
        lock (_lock)
        {
            (main, _main) = (_main, null);
            live = [.. _live];
        }

        return TerminateAsync(main, live);
    }

    /// <summary>Starts a command of this service and tracks it until it ends. Throws
    /// OperationCanceledException once the service is stopping, except for its Stop commands.</summary>
    public SpawnedProcess Spawn(ExecRequest request, bool discardOutput, bool duringStop)
    {
        lock (_lock)
        {
            if (_stopping && !duringStop)
            {
                throw new OperationCanceledException(_stop.Token);
            }

            var process = Context.Spawner.Spawn(request, discardOutput ? null : Log);
            Track(process);
            return process;
        }
    }

    /// <summary>Tracks <paramref name="process"/>, spawned for this service another way (a held main process
    /// at its release), until it ends, as <see cref="Spawn"/> does.</summary>
    public void Adopt(SpawnedProcess process)
    {
        lock (_lock)
        {
            Track(process);
        }
    }

    /// <summary>Tracks a process of this service until it ends; called under the lock.</summary>
    private void Track(SpawnedProcess process)
    {
        _live.Add(process);
        process.Exited.ContinueWith(_ => Forget(process), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Forget(SpawnedProcess process)
    {
        lock (_lock)
        {
            _live.Remove(process);
        }
    }

    /// <summary>Makes <paramref name="main"/> the main process. False when the service is stopping: the stop
    /// did not see it, so the caller must stop it.</summary>
    public bool SetMain(MainProcess? main)
    {
        lock (_lock)
        {
            _main = main;
            return main is null || !_stopping;
        }
    }

    /// <summary>Expects READY=1 (a notify service about to be spawned): the task gives the MAINPID= sent
    /// before or with it, if any.</summary>
    public Task<int?> ExpectReady()
    {
        lock (_lock)
        {
            _notice = new ReadyNotice();
            return _notice.Ready;
        }
    }

    /// <summary>Takes an sd_notify message sent by one of its processes.</summary>
    public void OnNotify(IReadOnlyDictionary<string, string> fields)
    {
        lock (_lock)
        {
            _notice?.Take(fields);
        }
    }

    /// <summary>True when <paramref name="pid"/> is one of its processes, or in one of their process groups.</summary>
    public bool Owns(int pid, int processGroup)
    {
        lock (_lock)
        {
            return _main is { } main && (main.Pid == pid || main.Groups.Contains(processGroup))
                || _live.Any(p => p.Pid == pid || p.ProcessGroup == processGroup);
        }
    }

    public void SetState(string state, Func<ServiceStatus, ServiceStatus>? change = null) =>
        Context.Status.Update(Index, s => (change?.Invoke(s) ?? s) with { State = state });

    /// <summary>Records how a main process ended, in the status.</summary>
    public void RecordExit(ExitStatus exit) =>
        Context.Status.Update(Index, s => s with { LastExitCode = exit.Code, LastSignal = exit.Signal });
}
