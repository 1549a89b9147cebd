using System.CommandLine;

namespace Hoist.Cli.Commands;

/// <summary>hoist image rm NAME</summary>
internal static class ImageRemoveCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "the image to remove" };
        var command = new Command("rm", "Remove an OS image from the library") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var image = parse.GetValue(name)!;
            await context.Library.Images.RemoveAsync(image, () => context.Error.WriteLine($"waiting: image {image} is in use"), cancellationToken);
            await context.Out.WriteLineAsync($"removed image {image}");
            return 0;
        });
        return command;
    }
}
