using System.Diagnostics;
using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;

namespace Hoist.Cli.Fabric;

/// <summary>Waits, polling the controller, until an app of the fabric is in the state asked for.</summary>
internal static class AppWaiter
{
    /// <summary>Returns the app once its host reports it <paramref name="wanted"/>. Throws
    /// <see cref="ErrorKind.FailedPrecondition"/> when it fails or crash-loops on the way (with its problem),
    /// <see cref="ErrorKind.Unavailable"/> after <paramref name="timeout"/>.</summary>
    public static async Task<AppView> WaitAsync(ControllerClient client, string app, string wanted, TimeSpan timeout, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (true)
        {
            var view = await client.AppAsync(app, cancellationToken).ConfigureAwait(false);
            if (view.Status == wanted)
            {
                return view;
            }

            if (view.Status is AppStates.Failed or AppStates.CrashLooping && wanted == AppStates.Running)
            {
                throw HoistException.FailedPrecondition($"app {app} is {view.Status} on host {view.Host}{(view.Problem is null ? string.Empty : ": " + view.Problem)}", $"see its host's agent log, or 'hoist logs' on the host");
            }

            if (view.Status != last)
            {
                progress.Status($"{app} on {view.Host}: {view.Status}");
                last = view.Status;
            }

            if (clock.Elapsed > timeout)
            {
                throw HoistException.Unavailable($"app {app} is still {view.Status} on host {view.Host} after {timeout.TotalSeconds:0} s", "its host's agent may be busy or away: 'hoist host ls'");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }
}
