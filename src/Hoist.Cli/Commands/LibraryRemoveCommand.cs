using System.CommandLine;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Commands;

/// <summary>hoist library rm KIND NAME [--version V]</summary>
internal static class LibraryRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { Description = "image, package or state" };
        kind.AcceptOnlyFromAmong(LibraryKinds.Image, LibraryKinds.Package, LibraryKinds.State);
        var name = new Argument<string>("NAME") { Description = "the item's name (a package's digest also names it)" };
        var version = new Option<string?>("--version") { Description = "which version (default: the newest)" };
        var command = new Command("rm", "Remove an item from the controller's library; 'hoist library gc' then frees the chunks no other item uses") { kind, name, version };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await context.RequireController("hoist library rm").RemoveLibraryItemAsync(parse.GetValue(kind)!, parse.GetValue(name)!, parse.GetValue(version), cancellationToken);
            await context.Out.WriteLineAsync($"removed {parse.GetValue(kind)} {parse.GetValue(name)}{(parse.GetValue(version) is { } v ? " " + v : string.Empty)} from the library");
            return 0;
        });
        return command;
    }
}
