using System.CommandLine;
using Hoist.Cli.Fabric;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Commands;

/// <summary>hoist host drain H</summary>
internal static class HostDrainCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("HOST") { Description = "the host of the fabric to empty" };
        var command = new Command("drain", "Migrate every app off a host of the fabric; it then takes no new app until 'hoist host resume'") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var client = context.RequireController("hoist host drain");
            var result = await client.DrainAsync(parse.GetValue(name)!, cancellationToken);
            var failed = 0;
            using (var progress = context.NewProgress())
            {
                foreach (var started in result.Migrations)
                {
                    var migration = await MigrateCommand.FollowAsync(client, started, progress, cancellationToken);
                    await context.Out.WriteLineAsync(FabricViews.Migration(migration));
                    failed += migration.Phase == MigrationPhases.Succeeded ? 0 : 1;
                }
            }

            var host = await client.HostAsync(parse.GetValue(name)!, cancellationToken);
            await context.Out.WriteLineAsync($"host {host.Name} is {host.State}; {host.Apps.Count} app{(host.Apps.Count == 1 ? string.Empty : "s")} left");
            if (failed > 0)
            {
                throw HoistException.FailedPrecondition($"{failed} app{(failed == 1 ? string.Empty : "s")} could not leave host {host.Name}", "see the migrations above; 'hoist host drain' again tries those left");
            }

            return 0;
        });
        return command;
    }
}
