using System.CommandLine;
using Hoist.Runtime.Apps;

namespace Hoist.Cli.Commands;

/// <summary>hoist add PACKAGE [--host H] [--name APP] [--set KEY=VALUE]... [--start]</summary>
internal static class AddCommand
{
    public static Command Create(CliContext context)
    {
        var package = PackageArgument.Create();
        var host = new Option<string?>("--host") { Description = "the host to run it on (default: local, this machine)" };
        var name = new Option<string?>("--name") { Description = "the app's name (default: the package's)" };
        var settings = SettingsOption.Create("a parameter of the package (see hoist package inspect), or a limit: memory=512M, cpus=1.5, pids=256");
        var start = new Option<bool>("--start") { Description = "start it at once" };
        var command = new Command("add", "Deploy a package on a host as an app (stopped unless --start)") { package, host, name, settings, start };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runtime = context.Runtime;
            var app = await new AppController(runtime).AddAsync(
                new AddRequest(parse.GetValue(package)!, parse.GetValue(host), parse.GetValue(name), SettingsOption.Parse(parse.GetValue(settings))),
                cancellationToken);
            await context.Out.WriteLineAsync($"added app {app.Name} on host {app.Host} ({app.Package.Short})");
            if (parse.GetValue(start))
            {
                return await StartCommand.StartAsync(context, app.Name, TimeSpan.FromMinutes(2), cancellationToken);
            }

            // Its container is made now, so that its first start is quick.
            await new AppStarter(runtime).PrepareAsync(app.Name, cancellationToken);
            return 0;
        });
        return command;
    }
}
