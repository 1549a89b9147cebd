using System.CommandLine;

namespace Hoist.Cli.Commands;

/// <summary>hoist package rm NAME|NAME:VERSION|DIGEST</summary>
internal static class PackageRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var package = new Argument<string>("PACKAGE") { Description = "NAME (the newest), NAME:VERSION or a digest (prefix)" };
        var command = new Command("rm", "Remove a package from the library") { package };
        command.SetAction(parse =>
        {
            var record = context.Library.Packages.Remove(parse.GetValue(package)!);
            context.Out.WriteLine($"removed package {record.Name} {record.Version} ({record.Digest.Short})");
            return 0;
        });
        return command;
    }
}
