using System.CommandLine;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist stop APP [--timeout SECONDS]</summary>
internal static class StopCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var timeout = new Option<double>("--timeout") { Description = "seconds the app may take to stop before it is killed", DefaultValueFactory = _ => 120 };
        var command = new Command("stop", "Stop an app (its state stays)") { app, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Controller is { } client)
            {
                return await Fabric.FabricApps.StopAsync(context, client, parse.GetValue(app)!, TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
            }

            bool stopped;
            using (var progress = context.NewProgress())
            {
                stopped = await new AppStopper(context.Runtime).StopAsync(parse.GetValue(app)!, TimeSpan.FromSeconds(parse.GetValue(timeout)), progress, cancellationToken);
            }

            // Its container is made again now, so that the next start is quick.
            await new AppStarter(context.Runtime).PrepareAsync(parse.GetValue(app)!, cancellationToken);

            await context.Out.WriteLineAsync(stopped ? $"stopped {parse.GetValue(app)}" : $"{parse.GetValue(app)} was not running");
            return 0;
        });
        return command;
    }
}
