using System.CommandLine;
using Hoist.Core.Text;
using Hoist.Runtime.State;

namespace Hoist.Cli.Commands;

/// <summary>hoist state backup APP -o FILE [--freeze]</summary>
internal static class StateBackupCommand
{
    public static Command Create(CliContext context)
    {
        var app = AppArgument.Create();
        var output = new Option<string>("--output", "-o") { Description = "the archive to write", Required = true };
        var freeze = new Option<bool>("--freeze") { Description = "freeze the app for the copy instead of stopping it: shorter, but what it holds in memory is not in the copy" };
        var command = new Command("backup", "Save an app's state (consistent: the app is stopped, or frozen, for the copy, then runs again)") { app, output, freeze };
        command.SetAction(async (parse, cancellationToken) =>
        {
            StateArchiveInfo info;
            using (var progress = context.NewProgress())
            {
                info = await new AppBackup(context.Runtime).BackupAsync(
                    parse.GetValue(app)!, parse.GetValue(output)!, parse.GetValue(freeze) ? StateCaptureMode.Frozen : StateCaptureMode.Stopped, progress, cancellationToken);
            }

            await context.Out.WriteLineAsync($"backed up {info.Metadata.App} ({info.Metadata.Mode.ToString().ToLowerInvariant()} for the copy): {info.Path}, {ByteSize.Format(info.Size)}, {info.Entries} entries, {info.Digest}");
            return 0;
        });
        return command;
    }
}
