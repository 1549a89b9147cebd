using System.CommandLine;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist logs APP [--service S] [--tail N] [-f]</summary>
internal static class LogsCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var service = new Option<string?>("--service", "-s") { Description = "one service (or hoist-init, the supervisor); default: all, merged in time order" };
        var tail = new Option<int?>("--tail", "-n") { Description = "only the last N lines" };
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new lines until Ctrl-C" };
        var command = new Command("logs", "Show an app's service logs (timestamped, UTC)") { app, service, tail, follow };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var record = context.Runtime.Apps.Get(parse.GetValue(app)!);
            var logs = new AppLogs(context.Runtime.Layout(record.Name));
            foreach (var line in logs.Read(parse.GetValue(service), parse.GetValue(tail)))
            {
                await context.Out.WriteLineAsync(line);
            }

            if (parse.GetValue(follow))
            {
                await context.Out.FlushAsync(cancellationToken);
                await logs.FollowAsync(parse.GetValue(service), line => { context.Out.WriteLine(line); context.Out.Flush(); }, cancellationToken);
            }

            return 0;
        });
        return command;
    }
}
