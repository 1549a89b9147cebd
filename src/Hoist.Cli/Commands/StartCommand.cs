using System.CommandLine;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist start APP [--timeout SECONDS]</summary>
internal static class StartCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var timeout = new Option<double>("--timeout") { Description = "seconds to wait for the services to be ready", DefaultValueFactory = _ => 120 };
        var command = new Command("start", "Start an app and wait until its services are ready") { app, timeout };
        command.SetAction((parse, cancellationToken) => StartAsync(context, parse.GetValue(app)!, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken));
        return command;
    }

    public static async Task<int> StartAsync(CliContext context, string app, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (context.Controller is { } client)
        {
            return await Fabric.FabricApps.StartAsync(context, client, app, timeout, cancellationToken);
        }

        AppStatus status;
        using (var progress = context.NewProgress())
        {
            status = await new AppStarter(context.Runtime).StartAsync(app, new StartOptions { ReadyTimeout = timeout }, progress, cancellationToken);
        }

        var services = string.Join(", ", status.Services.Select(s => $"{s.Status.Name} (pid {s.HostPid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{(s.Ports.Count > 0 ? ", " + string.Join(" ", s.Ports) : string.Empty)})"));
        await context.Out.WriteLineAsync($"{status.App.Name} is {status.State}: {services}");
        return 0;
    }
}
