using System.CommandLine;
using Hoist.Cli.Fabric;
using Hoist.Cli.Output;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;
using AppView = Hoist.Fabric.Api.AppView;

namespace Hoist.Cli.Commands;

/// <summary>hoist deploy PACKAGE [--host H] [--name APP] [--set K=V]... [--explain] [--no-start];
/// hoist deploy --file FILE [--no-start]: the apps of a file (<see cref="DeploymentFile"/>), in one request.</summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context)
    {
        var package = PackageArgument.Create();
        package.Arity = ArgumentArity.ZeroOrOne;
        var file = new Option<string?>("--file") { Description = "deploy the apps listed in a YAML file (package, name, host, set, start), all or none, in one request" };
        var host = new Option<string?>("--host") { Description = "the host to put it on (default: placement chooses)" };
        var name = new Option<string?>("--name") { Description = "the app's name (default: the package's)" };
        var settings = SettingsOption.Create("a parameter of the package or a limit (memory, cpus, pids), KEY=VALUE; repeatable");
        var explain = new Option<bool>("--explain") { Description = "show each host's verdict and why, and deploy nothing" };
        var noStart = new Option<bool>("--no-start") { Description = "create the app stopped" };
        var timeout = new Option<double>("--timeout") { Description = "seconds to wait for the app to run", DefaultValueFactory = _ => 300 };
        var command = new Command("deploy", "Place a package's app on a host of the fabric (placement chooses, or --host) and start it") { package, file, host, name, settings, explain, noStart, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(file) is { } path)
            {
                if (parse.GetValue(package) is not null || parse.GetValue(host) is not null || parse.GetValue(name) is not null
                    || parse.GetValue(settings) is { Length: > 0 } || parse.GetValue(explain))
                {
                    throw HoistException.InvalidArgument("--file takes the apps from the file: give their package, host, name and settings there", "or deploy one app without --file");
                }

                return await DeployFileAsync(context, path, !parse.GetValue(noStart), TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
            }

            var packageName = parse.GetValue(package) ?? throw HoistException.InvalidArgument("no package: give PACKAGE, or --file FILE", "see 'hoist deploy --help'");
            var client = context.RequireController("hoist deploy");
            using var progress = context.NewProgress();
            var reference = await new LibraryPusher(context, client).EnsurePackageAsync(packageName, progress, cancellationToken);
            var request = new DeployRequest
            {
                Package = reference,
                Host = parse.GetValue(host),
                Name = parse.GetValue(name),
                Settings = SettingsOption.Parse(parse.GetValue(settings)),
                Start = !parse.GetValue(noStart),
                DryRun = parse.GetValue(explain),
            };
            progress.Phase("placing " + (request.Name ?? packageName));
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

    // The apps of a file: their packages pushed (once each), then one batch request, then the wait until
    // every started app runs.
    private static async Task<int> DeployFileAsync(CliContext context, string path, bool start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw HoistException.InvalidArgument($"cannot read {path}: {e.Message}");
        }

        var deployments = DeploymentFile.Parse(text, path, start);
        var client = context.RequireController("hoist deploy");
        IReadOnlyList<AppView> apps;
        using (var progress = context.NewProgress())
        {
            var pusher = new LibraryPusher(context, client);
            var references = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var package in deployments.Select(d => d.Package).Distinct(StringComparer.Ordinal))
            {
                references[package] = await pusher.EnsurePackageAsync(package, progress, cancellationToken);
            }

            progress.Phase($"placing {deployments.Count} apps");
            var result = await client.DeployBatchAsync(new DeployBatchRequest { Deployments = [.. deployments.Select(d => d with { Package = references[d.Package] })] }, cancellationToken);
            apps = [.. result.Deployments.Select(d => d.App!)];
            var started = apps.Where((_, i) => deployments[i].Start).Select(a => a.Name).ToList();
            if (started.Count > 0)
            {
                progress.Phase($"installing and starting {started.Count} apps");
                var views = (await AppWaiter.WaitAllAsync(client, started, AppStates.Running, timeout, progress, cancellationToken)).ToDictionary(a => a.Name, StringComparer.Ordinal);
                apps = [.. apps.Select(a => views.GetValueOrDefault(a.Name, a))];
            }
        }

        Table.Write(
            context.Out,
            ["APP", "PACKAGE", "HOST", "STATUS", "PORTS"],
            apps.Select(a => (IReadOnlyList<string>)[a.Name, $"{a.PackageName} {a.PackageVersion}", a.Host, a.Status, FabricViews.Ports(a.Ports)]));
        return 0;
    }

    internal static void WriteVerdicts(TextWriter writer, IReadOnlyList<HostVerdict> verdicts) =>
        Table.Write(
            writer,
            ["HOST", "VERDICT", "SCORE", "WHY"],
            verdicts.Select(v => (IReadOnlyList<string>)[v.Host, FabricViews.Verdict(v), FabricViews.Score(v), v.Reasons.Count == 0 ? "-" : string.Join("; ", v.Reasons)]));
}
