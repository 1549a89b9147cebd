using System.CommandLine;
using System.Diagnostics;
using Hoist.Core.Text;
using Hoist.Library.Images;

namespace Hoist.Cli.Commands;

/// <summary>hoist image build NAME --release R [--rebuild] [--mirror URL]</summary>
internal static class ImageBuildCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "the image's name in the library" };
        var release = new Option<string>("--release") { Description = $"the Debian release: {string.Join(", ", ImageBuilder.Releases)}", Required = true };
        var rebuild = new Option<bool>("--rebuild") { Description = "build again even if the image exists" };
        var mirror = new Option<string?>("--mirror") { Description = "the Debian mirror (default: the one apt on this machine uses, or HOIST_MIRROR)" };
        var command = new Command("build", "Build an OS image with debootstrap (minbase)") { name, release, rebuild, mirror };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            using var progress = context.NewProgress();
            var request = new ImageBuildRequest(parse.GetValue(name)!, parse.GetValue(release)!)
            {
                Rebuild = parse.GetValue(rebuild),
                Mirror = parse.GetValue(mirror),
            };
            var (image, outcome) = await new ImageBuilder(context.Library.Images).BuildAsync(request, progress, cancellationToken);
            progress.Dispose();
            var facts = $"{image.Description}, {image.Architecture}, glibc {image.Glibc}, {ByteSize.Format(image.Size)}";
            await context.Out.WriteLineAsync(outcome switch
            {
                ImageBuildOutcome.AlreadyBuilt => $"image {image.Name} is already built ({facts}); --rebuild builds it again",
                ImageBuildOutcome.Copied => $"image {image.Name}: {facts} (copied in {clock.Elapsed.TotalSeconds:0.0} s)",
                _ => $"image {image.Name}: {facts} (built in {clock.Elapsed.TotalSeconds:0.0} s)",
            });
            return 0;
        });
        return command;
    }
}
