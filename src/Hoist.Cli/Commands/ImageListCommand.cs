using System.CommandLine;
using Hoist.Cli.Output;
using Hoist.Core.Text;

namespace Hoist.Cli.Commands;

/// <summary>hoist image ls [--json]</summary>
internal static class ImageListCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("ls", "List the OS images in the library") { json };
        command.SetAction(parse =>
        {
            var images = context.Library.Images.List();
            if (parse.GetValue(json))
            {
                Json.Write<IReadOnlyList<ImageView>>(
                    context.Out,
                    [.. images.Select(i => new ImageView(
                        i.Name, i.Release, i.Os.PrettyName, i.Os.Id, i.Os.VersionId, i.Architecture, i.Glibc,
                        i.Digest.ToString(), i.Size, i.Files, i.Source, i.Created, i.RootPath, i.Libraries.Count))],
                    JsonViewContext.Default.IReadOnlyListImageView);
                return 0;
            }

            Table.Write(
                context.Out,
                ["NAME", "RELEASE", "OS", "ARCH", "GLIBC", "SIZE", "DIGEST", "CREATED"],
                images.Select(i => (IReadOnlyList<string>)[i.Name, i.Release ?? "-", i.Description, i.Architecture, i.Glibc ?? "-", ByteSize.Format(i.Size), i.Digest.Short, i.Created.ToString("yyyy-MM-dd HH:mm")]));
            return 0;
        });
        return command;
    }
}
