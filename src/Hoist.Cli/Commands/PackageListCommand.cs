using System.CommandLine;
using Hoist.Cli.Output;
using Hoist.Core.Text;

namespace Hoist.Cli.Commands;

/// <summary>hoist package ls [--json]</summary>
internal static class PackageListCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("ls", "List the packages in the library") { json };
        command.SetAction(parse =>
        {
            var packages = context.Library.Packages.List();
            if (parse.GetValue(json))
            {
                Json.Write<IReadOnlyList<PackageListView>>(context.Out, [.. packages.Select(p => new PackageListView(p.Name, p.Version, p.Digest.ToString(), p.Size, p.Created, p.Path))], JsonViewContext.Default.IReadOnlyListPackageListView);
                return 0;
            }

            Table.Write(
                context.Out,
                ["NAME", "VERSION", "DIGEST", "SIZE", "CREATED"],
                packages.Select(p => (IReadOnlyList<string>)[p.Name, p.Version, p.Digest.Short, ByteSize.Format(p.Size), p.Created.ToString("yyyy-MM-dd HH:mm:ss")]));
            return 0;
        });
        return command;
    }
}
