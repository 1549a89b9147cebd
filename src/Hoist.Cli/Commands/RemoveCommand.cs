using System.CommandLine;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist rm APP</summary>
internal static class RemoveCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var command = new Command("rm", "Remove a stopped app and its state (back it up first with hoist state backup)") { app };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (context.Controller is { } client)
            {
                return await Fabric.FabricApps.RemoveAsync(context, client, parse.GetValue(app)!, cancellationToken);
            }

            await new AppController(context.Runtime).RemoveAsync(parse.GetValue(app)!, cancellationToken);
            await context.Out.WriteLineAsync($"removed app {parse.GetValue(app)} and its state");
            return 0;
        });
        return command;
    }
}
