using Hoist.Content.Chunking;
using Hoist.Content.Interop;
using Hoist.Content.Storage;
using Hoist.Content.Tests.Chunking;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Linux;
using Hoist.Testing;

namespace Hoist.Content.Tests.Trees;

public sealed class TreeMaterializerTests
{
    private static readonly TreeSyncOptions Quick = new() { Durable = false };

    [Fact]
    public async Task SyncAsync_FromAToB_GivesExactlyB()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("sync");
        var source = temp.Combine("source");
        var copy = temp.Combine("copy");
        TreeFixture.CreateRich(source);
        var store = new ChunkStore(temp.Combine("chunks"));
        var a = await new TreeScanner().ScanAsync(source, store, CancellationToken.None);
        await TreeMaterializer.SyncAsync(copy, null, a, store, CancellationToken.None);
        ChangeIntoB(source);
        var b = await new TreeScanner().ScanAsync(source, store, CancellationToken.None);

        var changes = await TreeMaterializer.SyncAsync(copy, a, b, store, CancellationToken.None);

        TreeAssert.Identical(source, copy);
        Assert.Equal(["etc/app.conf.d", "etc/app.conf.d/main", "etc/new.conf", "etc/old.conf", "var/log"], changes.Added);
        Assert.Equal(["run", "var/lib/data/empty"], changes.Removed);
        Assert.Equal(["bin/sh", "bin/tool", "dev/sda", "etc/app.conf", "tmp", "var/lib/data/db"], changes.Rewritten);
        Assert.Contains("shared", changes.Changed);
        Assert.DoesNotContain("shared", changes.Rewritten);
        Assert.Empty(Directory.GetFiles(copy, ".hoist-sync-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task SyncAsync_OneFileOf200Changed_RewritesOnlyThatFile()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("sync");
        var source = temp.Combine("source");
        var copy = temp.Combine("copy");
        for (var i = 0; i < 200; i++)
        {
            Directory.CreateDirectory(Path.Join(source, $"d{i % 8}"));
            File.WriteAllBytes(Path.Join(source, $"d{i % 8}", $"f{i}"), ContentDefinedChunkerTests.RandomBytes(500 + (i * 331), seed: i));
        }

        var chunks = new MemoryChunks();
        var a = await new TreeScanner().ScanAsync(source, chunks, CancellationToken.None);
        await TreeMaterializer.SyncAsync(copy, null, a, chunks, Quick, CancellationToken.None);
        var inodes = TreeAssertInodes(copy);
        File.WriteAllBytes(Path.Join(source, "d3", "f99"), ContentDefinedChunkerTests.RandomBytes(70_000, seed: 1234));
        var b = await new TreeScanner().ScanAsync(source, chunks, CancellationToken.None);
        chunks.ResetCounts();

        var changes = await TreeMaterializer.SyncAsync(copy, a, b, chunks, Quick, CancellationToken.None);

        TreeAssert.Identical(source, copy);
        Assert.Equal(["d3/f99"], changes.Changed);
        Assert.Equal(b.Entries.Single(e => e.Path == "d3/f99").Chunks.Count, chunks.Reads);
        var after = TreeAssertInodes(copy);
        Assert.Equal(inodes.Where(i => i.Key != "d3/f99"), after.Where(i => i.Key != "d3/f99"));
        Assert.NotEqual(inodes["d3/f99"], after["d3/f99"]);
    }

    [Fact]
    public async Task SyncAsync_OwnerOfASetuidFileChanged_KeepsItsSetuidBitAndCapability()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("sync");
        var source = temp.Combine("source");
        TreeFixture.Dir(source, "", 0x1ED);
        TreeFixture.File(source, "su", "binary"u8.ToArray(), 0x9ED);
        LinuxFiles.SetXattr(Path.Join(source, "su"), "security.capability", TreeFixture.Capability);
        var chunks = new MemoryChunks();
        var a = await new TreeScanner().ScanAsync(source, chunks, CancellationToken.None);
        await TreeMaterializer.SyncAsync(temp.Combine("copy"), null, a, chunks, Quick, CancellationToken.None);
        FileMetadata.SetOwner(Path.Join(source, "su"), 5, 6);
        Nodes.SetMode(Path.Join(source, "su"), 0x9ED);
        LinuxFiles.SetXattr(Path.Join(source, "su"), "security.capability", TreeFixture.Capability);
        var b = await new TreeScanner().ScanAsync(source, chunks, CancellationToken.None);

        var changes = await TreeMaterializer.SyncAsync(temp.Combine("copy"), a, b, chunks, Quick, CancellationToken.None);

        Assert.Equal(["su"], changes.Changed);
        Assert.Empty(changes.Rewritten);
        TreeAssert.Identical(source, temp.Combine("copy"));
    }

    [Theory]
    [InlineData("../escaped", "a path may not contain '..'")]
    [InlineData("/var/tmp/hoist-escaped", "a path may not be absolute")]
    [InlineData("link/escaped", "it lies under 'link', which is a Symlink, not a directory")]
    public async Task SyncAsync_HostileRecipe_ThrowsInvalidArgumentNamingThePathAndWritesNothing(string path, string problem)
    {
        using var temp = new TempDirectory("sync");
        var copy = temp.Combine("copy");
        var outside = temp.Combine("outside");
        Directory.CreateDirectory(outside);
        var chunks = new MemoryChunks();
        var content = "pwned"u8.ToArray();
        await chunks.AcceptAsync(new ChunkRef(Digest.Of(content), content.Length), content, CancellationToken.None);
        var recipe = new TreeRecipe
        {
            Entries =
            [
                new TreeEntry { Path = string.Empty, Kind = TreeEntryKind.Directory, Mode = 0x1ED },
                new TreeEntry { Path = "link", Kind = TreeEntryKind.Symlink, Link = outside },
                new TreeEntry { Path = path, Kind = TreeEntryKind.File, Size = 5, Chunks = [new ChunkRef(Digest.Of(content), 5)] },
            ],
        };

        var error = await Assert.ThrowsAsync<HoistException>(() => TreeMaterializer.SyncAsync(copy, null, recipe, chunks, Quick, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"'{path}'", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.False(Directory.Exists(copy));
        Assert.Empty(Directory.GetFileSystemEntries(outside));
        Assert.False(File.Exists("/var/tmp/hoist-escaped"));
        Assert.Equal(0, chunks.Reads);
    }

    [Fact]
    public async Task SyncAsync_SymlinkOnDiskWhereTheCurrentRecipeHasADirectory_ThrowsFailedPreconditionAndWritesNothing()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("sync");
        var source = temp.Combine("source");
        var copy = temp.Combine("copy");
        var outside = temp.Combine("outside");
        Directory.CreateDirectory(outside);
        TreeFixture.CreateRich(source);
        var chunks = new MemoryChunks();
        var a = await new TreeScanner().ScanAsync(source, chunks, CancellationToken.None);
        await TreeMaterializer.SyncAsync(copy, null, a, chunks, Quick, CancellationToken.None);
        Directory.Delete(Path.Join(copy, "etc"), recursive: true);
        File.CreateSymbolicLink(Path.Join(copy, "etc"), outside);
        var before = TreeAssert.Describe(copy);
        File.WriteAllText(Path.Join(source, "etc", "new.conf"), "new");
        var b = await new TreeScanner().ScanAsync(source, chunks, CancellationToken.None);

        var error = await Assert.ThrowsAsync<HoistException>(() => TreeMaterializer.SyncAsync(copy, a, b, chunks, Quick, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains($"{Path.Join(copy, "etc")} is a Symlink where the current recipe has a directory", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
        Assert.Equal(before, TreeAssert.Describe(copy));
    }

    [Fact]
    public async Task SyncAsync_NoCurrentRecipeButFilesInTheRoot_ThrowsFailedPrecondition()
    {
        using var temp = new TempDirectory("sync");
        File.WriteAllText(temp.Combine("stray"), "x");
        var recipe = new TreeRecipe { Entries = [new TreeEntry { Path = string.Empty, Kind = TreeEntryKind.Directory }] };

        var error = await Assert.ThrowsAsync<HoistException>(() => TreeMaterializer.SyncAsync(temp.Path, null, recipe, new MemoryChunks(), Quick, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("it holds files, and no current recipe says what they are", error.Message);
    }

    [Fact]
    public async Task SyncAsync_SourceGivesOtherBytes_ThrowsInvalidArgumentNamingTheFileAndLeavesNoTemporaryFile()
    {
        using var temp = new TempDirectory("sync");
        Directory.CreateDirectory(temp.Combine("source"));
        File.WriteAllBytes(temp.Combine("source", "data"), ContentDefinedChunkerTests.RandomBytes(300_000, seed: 5));
        var chunks = new MemoryChunks();
        var recipe = await new TreeScanner().ScanAsync(temp.Combine("source"), chunks, CancellationToken.None);
        var chunk = recipe.Entries[1].Chunks[1];
        chunks.Corrupt(chunk.Digest, new byte[chunk.Size]);

        var error = await Assert.ThrowsAsync<HoistException>(() => TreeMaterializer.SyncAsync(temp.Combine("copy"), null, recipe, chunks, Quick, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"chunk {chunk.Digest} of file 'data'", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("copy")));
    }

    [Fact]
    public async Task SyncAsync_SymlinkToAFileOutside_SetsTheLinksMetadataAndNeverTheTargets()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("sync");
        var outside = temp.Combine("outside");
        File.WriteAllText(outside, "keep me");
        TreeFixture.Touch(outside, 1_000_000_000_000_000_000);
        var before = TreeAssert.Describe(temp.Path)["outside"];
        var recipe = new TreeRecipe
        {
            Entries =
            [
                new TreeEntry { Path = string.Empty, Kind = TreeEntryKind.Directory, Mode = 0x1ED },
                new TreeEntry
                {
                    Path = "link", Kind = TreeEntryKind.Symlink, Link = outside, Uid = 4242, Gid = 4343, MtimeNs = 1_234_567_890_123_456_789,
                    Xattrs = new Dictionary<string, byte[]> { ["trusted.mark"] = [1] },
                },
            ],
        };

        await TreeMaterializer.SyncAsync(temp.Combine("copy"), null, recipe, new MemoryChunks(), Quick, CancellationToken.None);

        var link = Nodes.LStat(temp.Combine("copy", "link"));
        Assert.Equal((4242u, 4343u, 1_234_567_890_123_456_789L), (link.Uid, link.Gid, link.MtimeNs));
        Assert.Equal([1], LinuxFiles.GetXattr(temp.Combine("copy", "link"), "trusted.mark"));
        Assert.Equal(before, TreeAssert.Describe(temp.Path)["outside"]);
    }

    [Fact]
    public async Task SyncAsync_SameRecipeAgain_ChangesNothing()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("sync");
        TreeFixture.CreateRich(temp.Combine("source"));
        var chunks = new MemoryChunks();
        var a = await new TreeScanner().ScanAsync(temp.Combine("source"), chunks, CancellationToken.None);
        await TreeMaterializer.SyncAsync(temp.Combine("copy"), null, a, chunks, Quick, CancellationToken.None);
        var before = TreeAssert.Describe(temp.Combine("copy"));
        chunks.ResetCounts();

        var changes = await TreeMaterializer.SyncAsync(temp.Combine("copy"), a, a, chunks, Quick, CancellationToken.None);

        Assert.True(changes.IsEmpty);
        Assert.Equal(0, chunks.Reads);
        Assert.Equal(before, TreeAssert.Describe(temp.Combine("copy")));
    }

    /// <summary>Everything a sync must carry: content, kinds and metadata changed, whiteouts and
    /// opaque markers moved, a directory become a file and a file a symlink.</summary>
    private static void ChangeIntoB(string root)
    {
        string At(string path) => Path.Join(root, path);
        TreeFixture.File(root, "etc/new.conf", "new"u8.ToArray(), 0x1A4, uid: 7, gid: 8);
        File.Delete(At("var/lib/data/empty"));
        using (var db = new FileStream(At("var/lib/data/db"), FileMode.Open))
        {
            db.Position = 700_000;
            db.Write(ContentDefinedChunkerTests.RandomBytes(1000, seed: 77));
        }

        Directory.Delete(At("tmp"));
        TreeFixture.File(root, "tmp", "a file now"u8.ToArray(), 0x1A4);
        File.Delete(At("etc/app.conf"));
        TreeFixture.Dir(root, "etc/app.conf.d", 0x1ED);
        TreeFixture.File(root, "etc/app.conf.d/main", "port 7000\n"u8.ToArray(), 0x1A4);
        TreeFixture.Symlink(root, "etc/app.conf", "app.conf.d/main");
        File.WriteAllBytes(At("bin/tool"), ContentDefinedChunkerTests.RandomBytes(300_000, seed: 99));
        FileMetadata.SetOwner(At("bin/tool"), 1, 1);
        Nodes.SetMode(At("bin/tool"), 0x9ED);
        LinuxFiles.SetXattr(At("bin/tool"), "user.new", "x"u8);
        File.Delete(At("bin/sh"));
        TreeFixture.Symlink(root, "bin/sh", "tool-again");
        FileMetadata.SetOwner(At("bin/sh"), 3, 3);
        File.Delete(At("dev/sda"));
        TreeFixture.Node(root, "dev/sda", FileKind.BlockDevice, 0x1B0, 8, 16);
        LinuxFiles.SetXattr(At("dev/null"), "trusted.x", "1"u8);
        Nodes.RemoveXattr(root, "user.root");
        Nodes.SetMode(At("shared"), 0x1E8);
        TreeFixture.Node(root, "etc/old.conf", FileKind.CharDevice, 0, 0, 0);
        LinuxFiles.SetXattr(At("var/lib"), "trusted.overlay.opaque", "y"u8);
        Nodes.RemoveXattr(At("opaque"), "trusted.overlay.opaque");
        Directory.CreateDirectory(At("var/log"));
        Directory.Delete(At("run"), recursive: true);
        TreeFixture.Settle(root);
    }

    private static Dictionary<string, ulong> TreeAssertInodes(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(p => Path.GetRelativePath(root, p), p => Nodes.LStat(p).Inode);
}
