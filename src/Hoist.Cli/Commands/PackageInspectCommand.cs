using System.CommandLine;
using Hoist.Cli.Output;
using Hoist.Packaging.Files;

namespace Hoist.Cli.Commands;

/// <summary>hoist package inspect FILE|NAME [--json]</summary>
internal static class PackageInspectCommand
{
    public static Command Create(CliContext context)
    {
        var package = PackageArgument.Create();
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("inspect", "Show a package: manifest, services, ports, users, state paths, parameters, requirements, bill of materials, sizes, digest") { package, json };
        command.SetAction(parse =>
        {
            var path = context.Library.Packages.Locate(parse.GetValue(package)!);
            using var file = PackageFile.Open(path);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new PackageInspectView(file.Digest.ToString(), path, file.FileSize, file.Manifest), JsonViewContext.Default.PackageInspectView);
            }
            else
            {
                PackageView.Write(context.Out, file.Manifest, file.Digest, file.FileSize, full: true);
            }

            return 0;
        });
        return command;
    }
}
