using System.CommandLine;
using Hoist.Core.Text;
using Hoist.Library.Images;

namespace Hoist.Cli.Commands;

/// <summary>hoist image import NAME DIR|ROOTFS.tar[.gz|.zst]</summary>
internal static class ImageImportCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "the image's name in the library" };
        var source = new Argument<string>("SOURCE") { Description = "a root filesystem: a directory, or a .tar, .tar.gz, .tar.xz or .tar.zst archive" };
        var command = new Command("import", "Import an OS root filesystem as an image") { name, source };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var progress = context.NewProgress();
            var image = await new ImageImporter(context.Library.Images).ImportAsync(parse.GetValue(name)!, parse.GetValue(source)!, progress, cancellationToken);
            progress.Dispose();
            await context.Out.WriteLineAsync($"image {image.Name}: {image.Description}, {image.Architecture}, glibc {image.Glibc}, {ByteSize.Format(image.Size)}");
            return 0;
        });
        return command;
    }
}
