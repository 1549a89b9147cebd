using System.CommandLine;

namespace Hoist.Cli.Commands;

/// <summary>hoist host resume H</summary>
internal static class HostResumeCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("HOST") { Description = "a drained host of the fabric" };
        var command = new Command("resume", "Let a drained host of the fabric take apps again") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var host = await context.RequireController("hoist host resume").ResumeAsync(parse.GetValue(name)!, cancellationToken);
            await context.Out.WriteLineAsync($"host {host.Name} is {host.State}");
            return 0;
        });
        return command;
    }
}
