using System.CommandLine;
using Hoist.Core.Text;

namespace Hoist.Cli.Commands;

/// <summary>hoist library gc</summary>
internal static class LibraryGcCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("gc", "Free the chunks and recipes of the controller's library that no item uses (older than 10 minutes)");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await context.RequireController("hoist library gc").CollectGarbageAsync(cancellationToken);
            await context.Out.WriteLineAsync($"removed {result.ChunksRemoved} chunks ({ByteSize.Format(result.BytesFreed)}) and {result.RecipesRemoved} recipes");
            return 0;
        });
        return command;
    }
}
