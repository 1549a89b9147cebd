using System.CommandLine;
using Hoist.Cli.Fabric;
using Hoist.Core.Text;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Commands;

/// <summary>hoist library push image NAME | package PACKAGE</summary>
internal static class LibraryPushCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { Description = "image or package" };
        kind.AcceptOnlyFromAmong(LibraryKinds.Image, LibraryKinds.Package);
        var name = new Argument<string>("NAME") { Description = "an image of this machine's library; or a package: NAME, NAME:VERSION, digest, or a .hpkg file" };
        var command = new Command("push", "Put an image or a package of this machine's library into the controller's; only the chunks it lacks are sent") { kind, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pusher = new LibraryPusher(context, context.RequireController("hoist library push"));
            LibraryItemView item;
            long sent;
            using (var progress = context.NewProgress())
            {
                var reference = parse.GetValue(name)!;
                (item, sent) = parse.GetValue(kind) == LibraryKinds.Image
                    ? await pusher.PushImageAsync(reference, progress, cancellationToken)
                    : await pusher.PushPackageAsync(File.Exists(reference) ? Path.GetFullPath(reference) : context.Library.Packages.Get(reference).Path, progress, cancellationToken);
            }

            await context.Out.WriteLineAsync($"{item.Kind} {item.Name} {item.Version} ({item.Digest}): {ByteSize.Format(item.LogicalBytes)}, {ByteSize.Format(sent)} sent, {ByteSize.Format(item.UniqueBytes)} stored for it alone");
            return 0;
        });
        return command;
    }
}
