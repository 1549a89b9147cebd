using System.Diagnostics;
using Hoist.Core.Progress;

namespace Hoist.Runtime.Apps;

/// <summary>Stops an app: hoist-init is asked (SIGTERM) to stop the services in reverse order, each
/// with its own SIGTERM-then-SIGKILL deadline; if the whole app outlives the given timeout, it
/// is killed. The state layer stays; the container is forgotten, and its root unmounted with it.</summary>
public sealed class AppStopper
{
    private readonly AppRuntime _runtime;

    public AppStopper(AppRuntime runtime) => _runtime = runtime;

    /// <summary>Stops the app; returns false when it was not running (and cleans up what a dead
    /// supervisor left).</summary>
    public async Task<bool> StopAsync(string name, TimeSpan timeout, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var app = _runtime.Apps.Get(name);
        using var appLock = AppLock.TryTake(_runtime.Layout(app.Name), "stopped");
        _runtime.Apps.SetDesired(app.Name, "stopped");
        return await StopLockedAsync(app, timeout, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the app for a caller that holds its lock, without changing what the user asked for
    /// (a backup stops an app for a moment and starts it again).</summary>
    internal async Task<bool> StopLockedAsync(AppRecord app, TimeSpan timeout, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var layout = _runtime.Layout(app.Name);
        var state = await _runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false);
        if (state?.IsRunning != true)
        {
            await _runtime.Runc.DeleteAsync(layout.ContainerId, force: true, cancellationToken).ConfigureAwait(false);
            return false;
        }

        progress.Phase($"stopping {app.Name}");
        if (state.Status == "paused")
        {
            await _runtime.Runc.ResumeAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false);
        }

        await _runtime.Runc.KillAsync(layout.ContainerId, "TERM", cancellationToken).ConfigureAwait(false);
        if (!await WaitGoneAsync(state.Pid, timeout, cancellationToken).ConfigureAwait(false))
        {
            progress.Status($"{app.Name} did not stop within {timeout.TotalSeconds:0} s: killing it");
            await _runtime.Runc.KillAsync(layout.ContainerId, "KILL", cancellationToken).ConfigureAwait(false);
            await WaitGoneAsync(state.Pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        await _runtime.Runc.DeleteAsync(layout.ContainerId, force: true, cancellationToken).ConfigureAwait(false);
        progress.Done($"{app.Name} stopped");
        return true;
    }

    // hoist-init is the container's first process: when it is gone, so is everything in the container.
    private static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
