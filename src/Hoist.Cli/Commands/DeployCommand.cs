using System.CommandLine;
using Hoist.Cli.Fabric;
using Hoist.Cli.Output;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Commands;

/// <summary>hoist deploy PACKAGE [--host H] [--name APP] [--set K=V]... [--explain] [--no-start]</summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context)
    {
        var package = PackageArgument.Create();
        var host = new Option<string?>("--host") { Description = "the host to put it on (default: placement chooses)" };
        var name = new Option<string?>("--name") { Description = "the app's name (default: the package's)" };
        var settings = SettingsOption.Create("a parameter of the package or a limit (memory, cpus, pids), KEY=VALUE; repeatable");
        var explain = new Option<bool>("--explain") { Description = "show each host's verdict and why, and deploy nothing" };
        var noStart = new Option<bool>("--no-start") { Description = "create the app stopped" };
        var timeout = new Option<double>("--timeout") { Description = "seconds to wait for the app to run", DefaultValueFactory = _ => 300 };
        var command = new Command("deploy", "Place a package's app on a host of the fabric (placement chooses, or --host) and start it") { package, host, name, settings, explain, noStart, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var client = context.RequireController("hoist deploy");
            using var progress = context.NewProgress();
            var reference = await new LibraryPusher(context, client).EnsurePackageAsync(parse.GetValue(package)!, progress, cancellationToken);
            var request = new DeployRequest
            {
                Package = reference,
                Host = parse.GetValue(host),
                Name = parse.GetValue(name),
                Settings = SettingsOption.Parse(parse.GetValue(settings)),
                Start = !parse.GetValue(noStart),
                DryRun = parse.GetValue(explain),
            };
            progress.Phase("placing " + (request.Name ?? parse.GetValue(package)));
            var result = await client.DeployAsync(request, cancellationToken);
            if (request.DryRun)
            {
                progress.Dispose();
                WriteVerdicts(context.Out, result.Verdicts);
                await context.Out.WriteLineAsync($"placement would choose {result.Host}");
                return 0;
            }

            var app = result.App!;
            progress.Phase($"installing {app.Name} on {result.Host}");
            if (request.Start)
            {
                app = await AppWaiter.WaitAsync(client, app.Name, AppStates.Running, TimeSpan.FromSeconds(parse.GetValue(timeout)), progress, cancellationToken);
            }

            progress.Dispose();
            await context.Out.WriteLineAsync($"{app.Name} ({app.PackageName} {app.PackageVersion}) is {app.Status} on {app.Host}{(app.Address is null ? string.Empty : " at " + app.Address)}, ports {FabricViews.Ports(app.Ports)}");
            return 0;
        });
        return command;
    }

    internal static void WriteVerdicts(TextWriter writer, IReadOnlyList<HostVerdict> verdicts) =>
        Table.Write(
            writer,
            ["HOST", "VERDICT", "SCORE", "WHY"],
            verdicts.Select(v => (IReadOnlyList<string>)[v.Host, FabricViews.Verdict(v), FabricViews.Score(v), v.Reasons.Count == 0 ? "-" : string.Join("; ", v.Reasons)]));
}
