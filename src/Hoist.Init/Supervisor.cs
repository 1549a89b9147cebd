using System.Runtime.InteropServices;
using Hoist.Init.Interop;
using Hoist.Init.Logging;
using Hoist.Init.Notify;
using Hoist.Init.Processes;
using Hoist.Init.Services;
using Hoist.Init.Status;
using Hoist.Supervision;

namespace Hoist.Init;

/// <summary>
/// Supervision mode: starts the spec's services in order, each after the previous one settled, keeps them
/// running, and on SIGTERM or SIGINT stops them in reverse order and exits 0. When every service ended
/// for good it stays up, idle: as pid 1, its exit would end the container. In standby it first gets
/// everything ready and waits for SIGUSR1 to start the services: a container made ahead of its app's
/// start then starts in the time its services take, without runc or hoist-init starting up. The services
/// SIGUSR1 starts at once are even spawned ahead, held just before their execve, and released by it.
/// </summary>
internal sealed class Supervisor(InitSpec spec, TimeProvider time)
{
    // SIGUSR1 on Linux; PosixSignalRegistration takes raw signal numbers cast to PosixSignal.
    private const PosixSignal StartSignal = (PosixSignal)10;

    private readonly TaskCompletionSource<PosixSignal> _stopSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _startSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Supervises until stopped; returns the exit code: 0 after a stop, 2 for a spec that is not
    /// valid. With <paramref name="standby"/>, the services start when SIGUSR1 comes; a stop signal
    /// before it ends hoist-init with nothing started.</summary>
    public async Task<int> RunAsync(bool standby = false)
    {
        Directory.CreateDirectory(spec.LogDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(spec.StatusFile))!);
        using var eventFile = new LogFile(Path.Combine(spec.LogDirectory, "hoist-init.log"), spec.LogMaxBytes, spec.LogKeep);
        var events = new EventLog(eventFile, time);
        var status = new StatusBoard(spec, time);
        if (SpecLoader.Validate(spec) is { Count: > 0 } problems)
        {
            var message = $"the spec is not valid: {string.Join("; ", problems)}";
            events.Error($"hoist-init: {message}");
            status.SetPhase(SupervisorPhase.Failed, message);
            Console.Error.WriteLine($"hoist-init: {message}");
            return 2;
        }

        using var signals = RegisterSignals(events);
        // Filled before any service starts, so before any notification can come from one.
        var runners = new List<ServiceRunner>();
        using var notify = spec.Services.Any(s => s.Type == "notify")
            ? new NotifyListener(spec.NotifySocket, (pid, fields) => Dispatch(runners, events, pid, fields))
            : null;
        var context = CreateContext(status, events, notify);
        var logs = spec.Services.Select(s => new LogFile(Path.Combine(spec.LogDirectory, $"{s.Name}.log"), spec.LogMaxBytes, spec.LogKeep)).ToList();
        runners.AddRange(spec.Services.Select((s, i) => new ServiceRunner(s, i, logs[i], context)));
        var pid1 = Environment.ProcessId == 1 ? " as pid 1" : "";
        if (standby)
        {
            events.Info($"hoist-init: standing by for {spec.App} ({runners.Count} services), pid {Environment.ProcessId}{pid1}");
            var held = new List<ServiceRunner>();
            foreach (var runner in FirstStarted(runners))
            {
                // One that cannot be held is spawned by its start; the ones after it wait for that.
                if (!runner.Held.Hold())
                {
                    break;
                }

                held.Add(runner);
            }

            status.SetPhase(SupervisorPhase.Standby);
            // Makes a thread pool worker (kept, see the project file): SIGUSR1 is handled on one, and
            // creating it then took milliseconds of the start.
            await Task.Yield();
            await Task.WhenAny(_startSignal.Task, _stopSignal.Task).ConfigureAwait(false);
            if (_stopSignal.Task.IsCompleted)
            {
                await Task.WhenAll(held.Select(r => r.Held.DiscardAsync())).ConfigureAwait(false);
                events.Info($"hoist-init: {_stopSignal.Task.Result} in standby: nothing was started");
                status.SetPhase(SupervisorPhase.Stopped);
                logs.ForEach(l => l.Dispose());
                return 0;
            }

            status.MarkStarted();
            await ReleaseInOrderAsync(held).ConfigureAwait(false);
        }

        events.Info($"hoist-init: supervising {spec.App} ({runners.Count} services), pid {Environment.ProcessId}{pid1}");
        status.SetPhase(SupervisorPhase.Starting);
        await StartInOrderAsync(runners).ConfigureAwait(false);
        if (!_stopSignal.Task.IsCompleted)
        {
            status.SetPhase(SupervisorPhase.Supervising);
        }

        var signal = await _stopSignal.Task.ConfigureAwait(false);
        await StopAsync(runners, status, events, signal).ConfigureAwait(false);
        logs.ForEach(l => l.Dispose());
        return 0;
    }

    private SupervisorContext CreateContext(StatusBoard status, EventLog events, NotifyListener? notify)
    {
        var reaper = new ChildReaper();
        var pump = new OutputPump(time);
        return new SupervisorContext(spec, new ProcessSpawner(reaper, pump), reaper, new ProcessGroups(time), pump, status, events, notify, time);
    }

    /// <summary>The services that SIGUSR1 starts at once: the first, and each next one while the one before
    /// it counts as ready as soon as it is spawned. They are spawned ahead while standing by.</summary>
    private static IEnumerable<ServiceRunner> FirstStarted(IReadOnlyList<ServiceRunner> runners)
    {
        foreach (var runner in runners)
        {
            yield return runner;
            if (!runner.ReadyOnceSpawned)
            {
                yield break;
            }
        }
    }

    /// <summary>Releases the held services in spec order. After one that cannot be released (it will be
    /// spawned by its start), the ones after it are called off as well, so that none of them runs before
    /// a service it comes after; their starts spawn them.</summary>
    private static async Task ReleaseInOrderAsync(IReadOnlyList<ServiceRunner> held)
    {
        var releasing = true;
        foreach (var runner in held)
        {
            releasing = releasing && await runner.Held.ReleaseAsync().ConfigureAwait(false);
            if (!releasing)
            {
                await runner.Held.DiscardAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Each service starts once the previous one is ready, finished (a oneshot) or failed.</summary>
    private async Task StartInOrderAsync(IReadOnlyList<ServiceRunner> runners)
    {
        foreach (var runner in runners)
        {
            if (_stopSignal.Task.IsCompleted)
            {
                return;
            }

            runner.Start();
            await Task.WhenAny(runner.FirstStart, _stopSignal.Task).ConfigureAwait(false);
        }
    }

    private async Task StopAsync(IReadOnlyList<ServiceRunner> runners, StatusBoard status, EventLog events, PosixSignal signal)
    {
        events.Info($"hoist-init: {signal}: stopping {spec.App}");
        status.SetPhase(SupervisorPhase.Stopping);
        for (var i = runners.Count - 1; i >= 0; i--)
        {
            await runners[i].StopAsync().ConfigureAwait(false);
        }

        if (await OrphanSweep.RunAsync(time).ConfigureAwait(false) is > 0 and var orphans)
        {
            events.Info($"hoist-init: stopped {orphans} processes that had left their services");
        }

        status.SetPhase(SupervisorPhase.Stopped);
        events.Info($"hoist-init: stopped {spec.App}");
    }

    /// <summary>SIGTERM and SIGINT start the stop (once: a second one during the stop is ignored); SIGUSR1
    /// ends the standby (and is ignored after it); SIGHUP is ignored (with no handler it would end
    /// hoist-init, and the app with it).</summary>
    private CompositeDisposable RegisterSignals(EventLog events)
    {
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!_stopSignal.TrySetResult(context.Signal))
            {
                events.Info($"hoist-init: {context.Signal} while stopping: ignored");
            }
        }

        return new CompositeDisposable(
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
            PosixSignalRegistration.Create(StartSignal, context =>
            {
                context.Cancel = true;
                if (!_startSignal.TrySetResult())
                {
                    events.Info("hoist-init: SIGUSR1 after the start: ignored");
                }
            }),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                events.Info("hoist-init: SIGHUP ignored");
            }));
    }

    /// <summary>Hands an sd_notify message to the service it came from: the one that owns the sender's pid
    /// or process group, else the only one waiting for READY=1 (a sender that already exited cannot be
    /// looked up).</summary>
    private static void Dispatch(IReadOnlyList<ServiceRunner> runners, EventLog events, int pid, IReadOnlyDictionary<string, string> fields)
    {
        var group = pid > 0 ? LibC.GetPGid(pid) : -1;
        var waiting = runners.Where(r => r.AwaitingReady).ToList();
        var runner = runners.FirstOrDefault(r => pid > 0 && r.Owns(pid, group)) ?? (waiting.Count == 1 ? waiting[0] : null);
        if (runner is null)
        {
            events.Info($"hoist-init: notification from pid {pid} matches no service: ignored");
            return;
        }

        runner.OnNotify(fields);
    }

    private sealed class CompositeDisposable(params IDisposable[] parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }
}
