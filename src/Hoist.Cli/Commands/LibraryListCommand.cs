using System.CommandLine;
using System.Globalization;
using Hoist.Cli.Output;
using Hoist.Core.Text;
using Hoist.Fabric;

namespace Hoist.Cli.Commands;

/// <summary>hoist library ls [--json]</summary>
internal static class LibraryListCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "print JSON" };
        var command = new Command("ls", "List the controller's library: OS images, packages and state snapshots, with their logical and stored sizes") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var listing = await context.RequireController("hoist library ls").LibraryAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, listing, FabricJson.Default.LibraryListing);
                return 0;
            }

            Table.Write(
                context.Out,
                ["KIND", "NAME", "VERSION", "DIGEST", "SIZE", "UNIQUE", "CHUNKS"],
                listing.Items.Select(i => (IReadOnlyList<string>)
                [
                    i.Kind, i.Name, i.Version, i.Digest.Length > 19 ? i.Digest[7..19] : i.Digest, ByteSize.Format(i.LogicalBytes), ByteSize.Format(i.UniqueBytes),
                    i.Chunks.ToString(CultureInfo.InvariantCulture),
                ]));
            var ratio = listing.LogicalBytes == 0 ? 0 : (double)listing.StoredBytes / listing.LogicalBytes;
            await context.Out.WriteLineAsync($"{listing.Items.Count} items, {ByteSize.Format(listing.LogicalBytes)} logical, {ByteSize.Format(listing.StoredBytes)} stored in {listing.Chunks} chunks ({ratio.ToString("0.00", CultureInfo.InvariantCulture)}x)");
            return 0;
        });
        return command;
    }
}
