using System.CommandLine;

namespace Hoist.Cli.Commands;

/// <summary>hoist host rm NAME</summary>
internal static class HostRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "the host to remove (it must have no apps)" };
        var command = new Command("rm", "Remove a lab host: its network namespace and address") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var apps = context.Runtime.Apps;
            await HostCreateCommand.Manager(context).RemoveAsync(parse.GetValue(name)!, host => [.. apps.List(host).Select(a => a.Name)], cancellationToken);
            await context.Out.WriteLineAsync($"removed host {parse.GetValue(name)}");
            return 0;
        });
        return command;
    }
}
