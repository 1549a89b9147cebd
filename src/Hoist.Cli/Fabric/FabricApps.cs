using System.Globalization;
using Hoist.Cli.Output;
using Hoist.Core.Errors;
using Hoist.Fabric;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using AppView = Hoist.Fabric.Api.AppView;

namespace Hoist.Cli.Fabric;

/// <summary>The app and host commands (ps, start, stop, rm, host ls, host upgrade) when hoist talks to a
/// controller: the same verbs, on the fabric's apps and hosts.</summary>
internal static class FabricApps
{
    public static async Task<int> ListAsync(CliContext context, ControllerClient client, bool all, bool json, CancellationToken cancellationToken)
    {
        var apps = (await client.AppsAsync(cancellationToken).ConfigureAwait(false)).Where(a => all || a.Status != AppStates.Stopped).ToList();
        if (json)
        {
            Json.Write<IReadOnlyList<AppView>>(context.Out, apps, FabricJson.Default.IReadOnlyListAppView);
            return 0;
        }

        Table.Write(
            context.Out,
            ["APP", "HOST", "ADDRESS", "PACKAGE", "STATUS", "PORTS", "UP"],
            apps.Select(a => (IReadOnlyList<string>)
            [
                a.Name, a.Host, a.Address ?? "-", $"{a.PackageName} {a.PackageVersion}",
                a.Problem is null ? a.Status + (a.Migration is null ? string.Empty : " (migrating)") : $"{a.Status} ({a.Problem})",
                FabricViews.Ports(a.Ports), a.Since is { } since ? Uptime(DateTimeOffset.UtcNow - since) : "-",
            ]));
        return 0;
    }

    public static async Task<int> StartAsync(CliContext context, ControllerClient client, string app, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await client.StartAsync(app, cancellationToken).ConfigureAwait(false);
        AppView view;
        using (var progress = context.NewProgress())
        {
            progress.Phase($"starting {app}");
            view = await AppWaiter.WaitAsync(client, app, AppStates.Running, timeout, progress, cancellationToken).ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($"{view.Name} is {view.Status} on {view.Host}, ports {FabricViews.Ports(view.Ports)}").ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> StopAsync(CliContext context, ControllerClient client, string app, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await client.StopAsync(app, cancellationToken).ConfigureAwait(false);
        using (var progress = context.NewProgress())
        {
            progress.Phase($"stopping {app}");
            await AppWaiter.WaitAsync(client, app, AppStates.Stopped, timeout, progress, cancellationToken).ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($"stopped {app}").ConfigureAwait(false);
        return 0;
    }

    /// <summary>Removes the app and returns once its host has removed it (its ports are free again then).</summary>
    public static async Task<int> RemoveAsync(CliContext context, ControllerClient client, string app, CancellationToken cancellationToken)
    {
        await client.RemoveAsync(app, cancellationToken).ConfigureAwait(false);
        using (var progress = context.NewProgress())
        {
            progress.Phase($"removing {app}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    var view = await client.AppAsync(app, cancellationToken).ConfigureAwait(false);
                    if (clock.Elapsed > TimeSpan.FromMinutes(2))
                    {
                        throw HoistException.Unavailable($"host {view.Host} has not removed app {app} within 2 minutes", "its agent may be away: 'hoist host ls'; the removal goes on when it is back");
                    }
                }
                catch (HoistException e) when (e.Kind == ErrorKind.NotFound)
                {
                    break;
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        await context.Out.WriteLineAsync($"removed app {app} and its state").ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> ListHostsAsync(CliContext context, ControllerClient client, bool json, CancellationToken cancellationToken)
    {
        var hosts = await client.HostsAsync(cancellationToken).ConfigureAwait(false);
        if (json)
        {
            Json.Write(context.Out, hosts, FabricJson.Default.IReadOnlyListHostView);
            return 0;
        }

        Table.Write(
            context.Out,
            ["NAME", "ADDRESS", "IMAGE", "OS", "STATE", "MEMORY", "CPUS", "APPS"],
            hosts.Select(h => (IReadOnlyList<string>)
            [
                h.Name, h.Address ?? "-", h.Facts.Image, h.Facts.Os, h.Problem is null ? h.State : $"{h.State} ({h.Problem})", FabricViews.Memory(h),
                $"{h.CpusReserved.ToString("0.0", CultureInfo.InvariantCulture)}/{h.Facts.Cpus.ToString(CultureInfo.InvariantCulture)}",
                h.Apps.Count == 0 ? "-" : string.Join(",", h.Apps),
            ]));
        return 0;
    }

    /// <summary>Drain, reimage, resume: follows the host until it runs the new image and takes apps again.</summary>
    public static async Task<int> UpgradeHostAsync(CliContext context, ControllerClient client, string host, string image, CancellationToken cancellationToken)
    {
        var view = await client.UpgradeAsync(host, new UpgradeRequest { Image = image }, cancellationToken).ConfigureAwait(false);
        using (var progress = context.NewProgress())
        {
            progress.Phase($"upgrading host {host} to image {image}: drain, reimage, resume");
            string? state = null;
            while (!(view.State == HostStates.Ready && view.Facts.Image == image))
            {
                if (view.Problem is { } problem && view.State is HostStates.Ready or HostStates.Drained)
                {
                    throw HoistException.FailedPrecondition($"the upgrade of host {host} failed: {problem}", "its apps stay where they are; see 'hoist host ls' and 'hoist ps'");
                }

                if (view.State != state)
                {
                    progress.Status($"host {host}: {view.State}{(view.Apps.Count > 0 ? $", {view.Apps.Count} app(s) to move" : string.Empty)}");
                    state = view.State;
                }

                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
                view = await client.HostAsync(host, cancellationToken).ConfigureAwait(false);
            }
        }

        await context.Out.WriteLineAsync($"host {host} now runs image {image} ({view.Facts.Os}) and takes apps again").ConfigureAwait(false);
        return 0;
    }

    private static string Uptime(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s"
        : $"{(int)span.TotalSeconds}s";
}
