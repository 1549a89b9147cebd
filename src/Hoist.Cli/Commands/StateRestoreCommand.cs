using System.CommandLine;

namespace Hoist.Cli.Commands;

/// <summary>hoist state restore FILE --host H [--name APP] [--start]</summary>
internal static class StateRestoreCommand
{
    public static Command Create(CliContext context)
    {
        var archive = new Argument<string>("FILE") { Description = "an archive written by hoist state backup" };
        var host = new Option<string>("--host") { Description = "the host to recreate the app on", Required = true };
        var name = new Option<string?>("--name") { Description = "the app's name (default: the one in the archive)" };
        var start = new Option<bool>("--start") { Description = "start it at once" };
        var command = new Command("restore", "Recreate an app, with its state, on a host that can run its package") { archive, host, name, start };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Runtime.Apps.AppRecord app;
            using (var progress = context.NewProgress())
            {
                app = await new Runtime.State.AppRestore(context.Runtime).RestoreAsync(parse.GetValue(archive)!, parse.GetValue(host)!, parse.GetValue(name), progress, cancellationToken);
            }

            await context.Out.WriteLineAsync($"restored app {app.Name} on host {app.Host}");
            return parse.GetValue(start) ? await StartCommand.StartAsync(context, app.Name, TimeSpan.FromMinutes(2), cancellationToken) : 0;
        });
        return command;
    }
}
