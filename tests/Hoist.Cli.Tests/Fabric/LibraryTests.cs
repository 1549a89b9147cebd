using System.Text.RegularExpressions;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Tests.Fabric;

/// <summary>The controller's library: what two packages share is stored once and sent once, to the
/// controller and to the hosts.</summary>
[Collection(FabricCollection.Name)]
public sealed partial class LibraryTests(FabricLab lab)
{
    [Fact]
    public async Task Push_TwoPackagesSharingMostFiles_TheSecondCostsOnlyItsNewChunksInTheStoreAndOnTheWire()
    {
        // The same app, sequenced again with a file of its own: most of its layer is the first one's.
        if (new Library.LocalLibrary(lab.Home).Packages.Find("fx-redis-plus") is null)
        {
            await lab.MustAsync("sequence", "--image", "bookworm", "--name", "fx-redis-plus", "--run",
                "apt-get install -y redis-server && mkdir -p /etc/redis/extra && head -c 300000 /dev/urandom > /etc/redis/extra/seed");
        }

        await lab.MustAsync("library", "push", "package", FabricLab.Redis);
        var before = await lab.Client.LibraryAsync(CancellationToken.None);
        var push = await lab.MustAsync("library", "push", "package", "fx-redis-plus");
        var after = await lab.Client.LibraryAsync(CancellationToken.None);

        var plus = after.Items.Single(i => i.Kind == LibraryKinds.Package && i.Name == "fx-redis-plus");
        var sent = Bytes(SentPattern().Match(push.Stdout).Groups["sent"].Value);
        Assert.True(plus.LogicalBytes > 5_000_000, $"the package is {plus.LogicalBytes} bytes");
        Assert.True(sent < plus.LogicalBytes / 4, $"{sent} bytes sent for a package of {plus.LogicalBytes}: {push.Stdout}");
        Assert.True(after.StoredBytes - before.StoredBytes < plus.LogicalBytes / 4, $"the store grew by {after.StoredBytes - before.StoredBytes} bytes for a package of {plus.LogicalBytes}");
        Assert.True(plus.UniqueBytes < plus.LogicalBytes / 4, $"{plus.UniqueBytes} bytes are the second package's alone, of {plus.LogicalBytes}");

        // A host that has the first fetches only the second's new chunks.
        await lab.DeployRedisAsync("lx-first", "h3");
        var chunks = Path.Combine(lab.RootOf("h3"), "chunks");
        var cached = FileTree.Measure(chunks).Bytes;
        try
        {
            await lab.MustAsync("deploy", "fx-redis-plus", "--name", "lx-second", "--host", "h3", "--set", "port=6380");
            var fetched = FileTree.Measure(chunks).Bytes - cached;
            Assert.True(fetched < plus.LogicalBytes / 4, $"host h3 fetched {fetched} bytes of chunks for a package of {plus.LogicalBytes}");
        }
        finally
        {
            await lab.RunAsync("rm", "lx-second");
            await lab.RunAsync("rm", "lx-first");
        }
    }

    [Fact]
    public async Task Library_ListRemoveGc_ShowsSizesAndFreesWhatNothingUses()
    {
        var list = await lab.MustAsync("library", "ls");
        Assert.Matches(@"(?m)^image\s+bookworm\s+", list.Stdout);
        Assert.Matches(@"(?m)^image\s+trixie\s+", list.Stdout);
        Assert.Matches(@"\d+ items, [\d.]+ [kMG]?B logical, [\d.]+ [kMG]?B stored in \d+ chunks", list.Stdout);

        var missing = await lab.RunAsync("library", "rm", "package", "no-such-package");
        Assert.True(missing.ExitCode == 3, missing.ToString());
        var gc = await lab.MustAsync("library", "gc");
        Assert.Matches(@"removed \d+ chunks", gc.Stdout);
        Assert.Equal(list.Stdout.Split('\n').Count(l => l.StartsWith("image", StringComparison.Ordinal)), (await lab.MustAsync("library", "ls")).Stdout.Split('\n').Count(l => l.StartsWith("image", StringComparison.Ordinal)));
    }

    private static long Bytes(string text)
    {
        var match = SizePattern().Match(text);
        Assert.True(match.Success, $"'{text}' is not a size");
        var value = double.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (long)(value * match.Groups["u"].Value switch { "kB" => 1e3, "MB" => 1e6, "GB" => 1e9, _ => 1 });
    }

    [GeneratedRegex(@"(?<sent>[\d.]+ [kMG]?B) sent")]
    private static partial Regex SentPattern();

    [GeneratedRegex(@"^(?<n>[\d.]+) (?<u>[kMG]?B)$")]
    private static partial Regex SizePattern();
}
