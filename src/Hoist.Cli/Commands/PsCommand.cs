using System.CommandLine;
using System.Globalization;
using Hoist.Cli.Output;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist ps [--all] [--json]</summary>
internal static class PsCommand
{
    public static Command Create(CliContext context)
    {
        var all = new Option<bool>("--all", "-a") { Description = "also the apps that are stopped" };
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("ps", "List the apps: host, package, status, each service with its pid and ports, uptime") { all, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Controller is { } client)
            {
                return await Fabric.FabricApps.ListAsync(context, client, parse.GetValue(all), parse.GetValue(json), cancellationToken);
            }

            var runtime = context.Runtime;
            var reader = new AppStatusReader(runtime);
            var statuses = new List<AppStatus>();
            foreach (var app in runtime.Apps.List())
            {
                var status = await reader.ReadAsync(app, cancellationToken);
                if (parse.GetValue(all) || status.State is not "stopped")
                {
                    statuses.Add(status);
                }
            }

            if (parse.GetValue(json))
            {
                Json.Write<IReadOnlyList<AppView>>(context.Out, [.. statuses.Select(Describe)], JsonViewContext.Default.IReadOnlyListAppView);
                return 0;
            }

            Table.Write(
                context.Out,
                ["APP", "HOST", "PACKAGE", "STATUS", "SERVICES", "UP"],
                statuses.Select(s => (IReadOnlyList<string>)
                [
                    s.App.Name, s.App.Host, $"{s.PackageName} {s.PackageVersion}",
                    s.Message is null ? s.State : $"{s.State} ({s.Message})",
                    string.Join("; ", s.Services.Select(Service)),
                    s.Started is { } started ? Uptime(DateTimeOffset.UtcNow - started) : "-",
                ]));
            return 0;
        });
        return command;
    }

    internal static AppView Describe(AppStatus s) => new(
        s.App.Name, s.App.Host, s.App.Package.ToString(), s.PackageName, s.PackageVersion, s.State, s.Message, s.Started,
        [.. s.Services.Select(v => new ServiceJsonView(v.Status.Name, v.Status.State, v.HostPid, v.Ports, v.Status.Restarts, v.Status.LastExitCode, v.Status.Message))]);

    private static string Service(ServiceView v) =>
        $"{v.Status.Name} {v.Status.State}{(v.HostPid is { } pid ? " pid " + pid.ToString(CultureInfo.InvariantCulture) : string.Empty)}{(v.Ports.Count > 0 ? " " + string.Join(",", v.Ports) : string.Empty)}{(v.Status.Restarts > 0 ? $" restarts {v.Status.Restarts}" : string.Empty)}";

    private static string Uptime(TimeSpan span) => span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s"
        : $"{(int)span.TotalSeconds}s";
}
