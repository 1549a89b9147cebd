using System.CommandLine;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Commands;

/// <summary>hoist scale APP --instances N</summary>
internal static class ScaleCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var instances = new Option<int>("--instances") { Description = "how many instances the app should have (its package's manifest must allow several: maxInstances)", Required = true };
        var command = new Command("scale", "Run an app of the fabric as N instances, each on another host") { app, instances };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var client = context.RequireController("hoist scale");
            var result = await client.ScaleAsync(parse.GetValue(app)!, new ScaleRequest { Instances = parse.GetValue(instances) }, cancellationToken);
            foreach (var added in result.Added)
            {
                await context.Out.WriteLineAsync($"added {added} on {result.Instances.FirstOrDefault(i => i.Name == added)?.Host}");
            }

            foreach (var removed in result.Removed)
            {
                await context.Out.WriteLineAsync($"removed {removed}");
            }

            await context.Out.WriteLineAsync($"{parse.GetValue(app)}: {result.Instances.Count} instance{(result.Instances.Count == 1 ? string.Empty : "s")} ({string.Join(", ", result.Instances.Select(i => $"{i.Name} on {i.Host}"))})");
            return 0;
        });
        return command;
    }
}
