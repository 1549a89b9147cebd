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

            if (Failing(view, wanted))
            {
                throw Failure(view);
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

    /// <summary>Returns the apps once their hosts report every one <paramref name="wanted"/>, showing how many
    /// are so far. Throws as <see cref="WaitAsync"/> for the first app that fails on the way, and after
    /// <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<AppView>> WaitAllAsync(ControllerClient client, IReadOnlyCollection<string> apps, string wanted, TimeSpan timeout, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var names = apps.ToHashSet(StringComparer.Ordinal);
        while (true)
        {
            var views = (await client.AppsAsync(cancellationToken).ConfigureAwait(false)).Where(a => names.Contains(a.Name)).ToList();
            var done = views.Count(v => v.Status == wanted);
            if (done == names.Count)
            {
                return views;
            }

            if (views.FirstOrDefault(v => Failing(v, wanted)) is { } failing)
            {
                throw Failure(failing);
            }

            progress.Advance(done, names.Count);
            if (clock.Elapsed > timeout)
            {
                var late = views.FirstOrDefault(v => v.Status != wanted);
                throw HoistException.Unavailable(
                    $"{names.Count - done} of {names.Count} apps are not {wanted} after {timeout.TotalSeconds:0} s{(late is null ? string.Empty : $" ({late.Name} is {late.Status} on host {late.Host})")}",
                    "their hosts' agents may be busy or away: 'hoist host ls'");
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Failing(AppView view, string wanted) => view.Status is AppStates.Failed or AppStates.CrashLooping && wanted == AppStates.Running;

    private static HoistException Failure(AppView view) =>
        HoistException.FailedPrecondition($"app {view.Name} is {view.Status} on host {view.Host}{(view.Problem is null ? string.Empty : ": " + view.Problem)}", "see its host's agent log, or 'hoist logs' on the host");
}
