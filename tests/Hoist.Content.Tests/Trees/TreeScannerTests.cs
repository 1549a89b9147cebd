using System.Text;
using Hoist.Content.Chunking;
using Hoist.Content.Storage;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Linux;
using Hoist.Testing;

namespace Hoist.Content.Tests.Trees;

public sealed class TreeScannerTests
{
    [Fact]
    public async Task ScanAsync_RichTree_RecordsEveryKindWithItsMetadata()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("scan");
        var source = temp.Combine("source");
        TreeFixture.CreateRich(source);
        var statistics = new TreeScanStatistics();

        var recipe = await new TreeScanner().ScanAsync(source, new MemoryChunks(), statistics, CancellationToken.None);
        var entries = recipe.Entries.ToDictionary(e => e.Path);

        Assert.Equal(recipe.Entries.Select(e => e.Path).Order(StringComparer.Ordinal), recipe.Entries.Select(e => e.Path));
        Assert.Equal(string.Empty, recipe.Entries[0].Path);
        Assert.Equal("top", Encoding.ASCII.GetString(entries[string.Empty].Xattrs["user.root"]));
        Assert.DoesNotContain("run/app.sock", entries.Keys);
        Assert.Equal((TreeEntryKind.File, 0x9EDu, 300_000L), (entries["bin/tool"].Kind, entries["bin/tool"].Mode, entries["bin/tool"].Size));
        Assert.Equal(TreeFixture.Capability, entries["bin/tool"].Xattrs["security.capability"]);
        Assert.Equal((TreeEntryKind.HardLink, "bin/tool"), (entries["bin/tool-again"].Kind, entries["bin/tool-again"].Link));
        Assert.Equal((TreeEntryKind.Symlink, "tool"), (entries["bin/sh"].Kind, entries["bin/sh"].Link));
        Assert.Equal("/etc/passwd", entries["etc/passwd-link"].Link);
        Assert.Equal((1000u, 1000u, 0x1A0u), (entries["etc/app.conf"].Uid, entries["etc/app.conf"].Gid, entries["etc/app.conf"].Mode));
        Assert.Equal(new byte[] { 0, 1, 255, 10 }, entries["etc/app.conf"].Xattrs["user.comment"]);
        Assert.Equal("t"u8.ToArray(), entries["etc/app.conf"].Xattrs["trusted.hoist"]);
        Assert.Equal((TreeEntryKind.CharDevice, 1u, 3u), (entries["dev/null"].Kind, entries["dev/null"].Major, entries["dev/null"].Minor));
        Assert.Equal((TreeEntryKind.BlockDevice, 8u, 0u), (entries["dev/sda"].Kind, entries["dev/sda"].Major, entries["dev/sda"].Minor));
        Assert.Equal(TreeEntryKind.Fifo, entries["dev/pipe"].Kind);
        Assert.True(entries["removed.conf"].IsWhiteout);
        Assert.Equal(["trusted.overlay.opaque"], entries["opaque"].Xattrs.Keys);
        Assert.Equal(0x3FFu, entries["tmp"].Mode);
        Assert.Equal((0x5EDu, 50u), (entries["shared"].Mode, entries["shared"].Gid));
        Assert.Equal(Nodes(source, "etc/app.conf").MtimeNs, entries["etc/app.conf"].MtimeNs);
        Assert.NotEqual(0, entries["etc/app.conf"].MtimeNs % 1_000_000_000);
        Assert.Equal([], entries["var/lib/data/empty"].Chunks);
        Assert.Equal(recipe.Entries.Count, statistics.Entries);
        Assert.Equal(5, statistics.Files);
        Assert.Equal(5, statistics.FilesRead);
        Assert.Equal(300_000 + 10 + (1 << 20) + 3, statistics.BytesRead);
    }

    [Theory]
    [InlineData("trusted.overlay.redirect")]
    [InlineData("trusted.overlay.metacopy")]
    public async Task ScanAsync_EntryDependingOnALowerLayer_ThrowsFailedPreconditionNamingIt(string xattr)
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("scan");
        Directory.CreateDirectory(temp.Combine("tree", "moved"));
        LinuxFiles.SetXattr(temp.Combine("tree", "moved"), xattr, "/old"u8);

        var error = await Assert.ThrowsAsync<HoistException>(() => new TreeScanner().ScanAsync(temp.Combine("tree"), new MemoryChunks(), CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains(temp.Combine("tree", "moved"), error.Message);
        Assert.Contains(xattr, error.Message);
    }

    [Fact]
    public async Task ScanAsync_MountPointBelowTheRoot_ThrowsFailedPreconditionNamingIt()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("scan");
        var mountPoint = temp.Combine("tree", "mnt");
        Directory.CreateDirectory(mountPoint);
        var mounted = await ProcessRunner.RunAsync(new ProcessSpec("mount", "-t", "tmpfs", "tmpfs", mountPoint), CancellationToken.None);
        Assert.True(mounted.Succeeded, mounted.Stderr);
        try
        {
            var error = await Assert.ThrowsAsync<HoistException>(() => new TreeScanner().ScanAsync(temp.Combine("tree"), new MemoryChunks(), CancellationToken.None));

            Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
            Assert.Contains($"{mountPoint} is a mount point", error.Message);
        }
        finally
        {
            await ProcessRunner.RunAsync(new ProcessSpec("umount", mountPoint), CancellationToken.None);
        }
    }

    [Fact]
    public async Task ScanAsync_MissingRoot_ThrowsNotFound()
    {
        using var temp = new TempDirectory("scan");

        var error = await Assert.ThrowsAsync<HoistException>(() => new TreeScanner().ScanAsync(temp.Combine("absent"), new MemoryChunks(), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task ScanAsync_RootIsASymlink_ThrowsNotFound()
    {
        using var temp = new TempDirectory("scan");
        Directory.CreateDirectory(temp.Combine("real"));
        File.CreateSymbolicLink(temp.Combine("link"), temp.Combine("real"));

        var error = await Assert.ThrowsAsync<HoistException>(() => new TreeScanner().ScanAsync(temp.Combine("link"), new MemoryChunks(), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("is not a directory", error.Message);
    }

    [Fact]
    public async Task ScanAsync_FileGrowsWhileRead_ReadsItAgain()
    {
        using var temp = new TempDirectory("scan");
        var file = temp.Combine("tree", "log");
        Directory.CreateDirectory(temp.Combine("tree"));
        File.WriteAllBytes(file, new byte[100_000]);
        var sink = new GrowingSink(file, times: 1);

        var recipe = await new TreeScanner().ScanAsync(temp.Combine("tree"), sink, CancellationToken.None);

        Assert.Equal(100_010, recipe.Entries.Single(e => e.Path == "log").Size);
        Assert.Equal(100_010, recipe.Entries.Single(e => e.Path == "log").Chunks.Sum(c => c.Size));
    }

    [Fact]
    public async Task ScanAsync_FileKeepsGrowing_ThrowsFailedPreconditionNamingIt()
    {
        using var temp = new TempDirectory("scan");
        var file = temp.Combine("tree", "log");
        Directory.CreateDirectory(temp.Combine("tree"));
        File.WriteAllBytes(file, new byte[100_000]);

        var error = await Assert.ThrowsAsync<HoistException>(() => new TreeScanner().ScanAsync(temp.Combine("tree"), new GrowingSink(file, times: 100), CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains($"cannot scan {file}: its size changed while it was read, 4 times in a row", error.Message);
    }

    [Fact]
    public async Task ScanAsync_FileKeepsGrowingAndChangesAccepted_TakesItAsReadAndDoesNotCacheIt()
    {
        using var temp = new TempDirectory("scan");
        var file = temp.Combine("tree", "log");
        Directory.CreateDirectory(temp.Combine("tree"));
        File.WriteAllBytes(file, new byte[100_000]);
        var cache = new TreeScanCache();
        var scanner = new TreeScanner(cache, new TreeScanOptions { AcceptChangingFiles = true });

        var recipe = await scanner.ScanAsync(temp.Combine("tree"), new GrowingSink(file, times: 100), CancellationToken.None);

        var entry = recipe.Entries.Single(e => e.Path == "log");
        Assert.Equal(entry.Size, entry.Chunks.Sum(c => (long)c.Size));
        Assert.InRange(entry.Size, 100_000, new FileInfo(file).Length);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task ScanAsync_SinkFails_ThrowsItsErrorAndLeavesNoDescriptorOpen()
    {
        using var temp = new TempDirectory("scan");
        for (var i = 0; i < 50; i++)
        {
            File.WriteAllText(temp.Combine($"f{i}"), $"file {i}");
        }

        var error = await Assert.ThrowsAsync<HoistException>(() => new TreeScanner().ScanAsync(temp.Path, new FailingSink(), CancellationToken.None));

        // The descriptors that point into the tree, not the process's count: other tests open files meanwhile.
        Assert.Equal("the sink is full", error.Message);
        var open = DescriptorsInto(temp.Path);
        Assert.True(open.Count == 0, $"still open after the scan failed: {string.Join(", ", open)}");
    }

    private static List<string> DescriptorsInto(string root)
    {
        var open = new List<string>();
        foreach (var descriptor in Directory.GetFiles("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed since it was listed
            }

            if (target is not null && (target == root || target.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                open.Add($"{descriptor} -> {target}");
            }
        }

        return open;
    }

    private static Interop.NodeStatus Nodes(string root, string path) => Interop.Nodes.LStat(Path.Join(root, path));

    /// <summary>Appends 10 bytes to a file each time it is given a chunk, the first few times.</summary>
    private sealed class GrowingSink(string file, int times) : IChunkSink
    {
        private int _left = times;

        public ValueTask AcceptAsync(ChunkRef chunk, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _left) >= 0)
            {
                using var stream = new FileStream(file, FileMode.Append);
                stream.Write(new byte[10]);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class FailingSink : IChunkSink
    {
        public ValueTask AcceptAsync(ChunkRef chunk, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            throw HoistException.Unavailable("the sink is full");
    }
}
