using System.CommandLine;
using Hoist.Cli.Fabric;
using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Text;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;

namespace Hoist.Cli.Commands;

/// <summary>hoist migrate APP --to HOST|auto [--mode cold|warm]</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var to = new Option<string>("--to") { Description = "the host to move it to, or auto (placement chooses)", DefaultValueFactory = _ => "auto" };
        var mode = new Option<string>("--mode") { Description = "warm (copy while it runs, then a short freeze) or cold (stop, copy, start)", DefaultValueFactory = _ => MigrationModes.Warm };
        mode.AcceptOnlyFromAmong(MigrationModes.Warm, MigrationModes.Cold);
        var command = new Command("migrate", "Move a running app of the fabric to another host, with its state") { app, to, mode };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var client = context.RequireController("hoist migrate");
            MigrationView migration;
            using (var progress = context.NewProgress())
            {
                migration = await client.MigrateAsync(parse.GetValue(app)!, new MigrateRequest { To = parse.GetValue(to)!, Mode = parse.GetValue(mode)! }, cancellationToken);
                migration = await FollowAsync(client, migration, progress, cancellationToken);
            }

            await context.Out.WriteLineAsync(FabricViews.Migration(migration));
            if (migration.Phase != MigrationPhases.Succeeded)
            {
                throw new HoistException(ErrorKind.FailedPrecondition, $"the migration of {migration.App} {migration.Phase}: {migration.Error}", migration.Phase == MigrationPhases.RolledBack ? "it runs on its source host as before" : "its state is intact on the source host")
                {
                    Details = migration.Log,
                };
            }

            return 0;
        });
        return command;
    }

    /// <summary>Shows a migration's phases and copy progress until it ends; returns how it ended, which the
    /// caller prints.</summary>
    internal static async Task<MigrationView> FollowAsync(ControllerClient client, MigrationView migration, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var shown = 0;
        string? phase = null;
        while (true)
        {
            for (; shown < migration.Log.Count; shown++)
            {
                progress.Status(migration.Log[shown]);
            }

            if (migration.Phase != phase)
            {
                phase = migration.Phase;
                progress.Phase($"migrating {migration.App} {migration.Source} -> {migration.Target} ({migration.Mode}): {phase}");
            }

            if (migration.StateBytes > 0 && phase == MigrationPhases.Copying)
            {
                progress.Advance(Math.Min(migration.BytesSent, migration.StateBytes), migration.StateBytes);
                progress.Status($"round {migration.Rounds}: {ByteSize.Format(migration.LastRoundBytes)} sent ({ByteSize.Format(migration.BytesSent)} in all)");
            }

            if (migration.IsFinished)
            {
                // No Done line: every caller prints the outcome on standard output, and Done's copy of
                // it on standard error showed it twice on a terminal.
                return migration;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            migration = await client.MigrationAsync(migration.Id, cancellationToken).ConfigureAwait(false);
        }
    }
}
