using System.CommandLine;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist restart APP</summary>
internal static class RestartCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var command = new Command("restart", "Stop an app, then start it") { app };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using (var progress = context.NewProgress())
            {
                await new AppStopper(context.Runtime).StopAsync(parse.GetValue(app)!, TimeSpan.FromMinutes(2), progress, cancellationToken);
            }

            return await StartCommand.StartAsync(context, parse.GetValue(app)!, TimeSpan.FromMinutes(2), cancellationToken);
        });
        return command;
    }
}
