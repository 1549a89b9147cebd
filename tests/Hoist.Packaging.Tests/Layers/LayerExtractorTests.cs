using Hoist.Core.Errors;
using Hoist.Linux;
using Hoist.Packaging.Layers;
using static Hoist.Packaging.Tests.Layers.HostileLayer;

namespace Hoist.Packaging.Tests.Layers;

public sealed class LayerExtractorTests
{
    [Fact]
    public async Task ExtractAsync_TargetNotEmpty_ThrowsFailedPreconditionAndLeavesItAlone()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("target");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Join(target, "keep"), "mine");

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerExtractor.ExtractAsync(new MemoryStream(Layer(FileEntry("a", "x"))), target, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("not empty", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Join(target, "keep")));
    }

    [Fact]
    public async Task ExtractAsync_TargetIsAFile_ThrowsFailedPrecondition()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("file");
        File.WriteAllText(target, "x");

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerExtractor.ExtractAsync(new MemoryStream(Layer(FileEntry("a", "x"))), target, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
    }

    [Fact]
    public async Task ExtractAsync_HostileEntryAfterGoodOnes_RemovesTheTargetItCreated()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("target");
        var layer = Layer(DirectoryEntry("etc"), FileEntry("etc/good", "content"), FileEntry("../escape", "x"));

        var error = await Assert.ThrowsAsync<HoistException>(() => LayerExtractor.ExtractAsync(new MemoryStream(layer), target, CancellationToken.None));

        Assert.Contains("'../escape'", error.Message);
        Assert.False(Path.Exists(target));
        Assert.False(Path.Exists(temp.Combine("escape")));
    }

    [Fact]
    public async Task ExtractAsync_FailureInEmptyExistingTarget_EmptiesItAndKeepsIt()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("target");
        Directory.CreateDirectory(target);
        var layer = Layer(DirectoryEntry("etc"), FileEntry("etc/good", "content"), NodeEntry(System.Formats.Tar.TarEntryType.Fifo, "etc/fifo"));

        await Assert.ThrowsAsync<HoistException>(() => LayerExtractor.ExtractAsync(new MemoryStream(layer), target, CancellationToken.None));

        Assert.True(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task ExtractAsync_EntryUnderSymlinkToOutside_WritesNothingOutside()
    {
        using var temp = new TestDirectory();
        var outside = temp.Combine("outside");
        Directory.CreateDirectory(outside);
        var layer = Layer(SymlinkEntry("a", outside), FileEntry("a/pwned", "x"));

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerExtractor.ExtractAsync(new MemoryStream(layer), temp.Combine("target"), CancellationToken.None));

        Assert.Equal("layer entry 'a/pwned' lies under the symlink 'a'", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(Path.Exists(temp.Combine("target")));
    }

    [Fact]
    public async Task ExtractAsync_OverlayXattrsInTheLayer_AreSkippedOthersKept()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("target");
        var pax = new Dictionary<string, string>
        {
            ["LIBARCHIVE.xattr.trusted.overlay.redirect"] = Convert.ToBase64String("/etc"u8.ToArray()),
            ["LIBARCHIVE.xattr.trusted.overlay.opaque"] = Convert.ToBase64String("y"u8.ToArray()),
            ["LIBARCHIVE.xattr.user.kept"] = Convert.ToBase64String([1, 2, 3]),
        };

        await LayerExtractor.ExtractAsync(new MemoryStream(Layer(FileEntry("file", "x", pax))), target, CancellationToken.None);

        var xattrs = LinuxFiles.ListXattrs(Path.Join(target, "file"));
        Assert.Equal(["user.kept"], xattrs.Keys);
        Assert.Equal([1, 2, 3], xattrs["user.kept"]);
    }

    [Fact]
    public async Task ExtractAsync_UnlistedParents_AreCreatedAsRootOwned0755()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("target");

        await LayerExtractor.ExtractAsync(new MemoryStream(Layer(FileEntry("a/b/c", "x"))), target, CancellationToken.None);

        var parent = LinuxFiles.LStat(Path.Join(target, "a/b"));
        Assert.Equal(FileKind.Directory, parent.Kind);
        Assert.Equal(0x1EDu, parent.Permissions);
        Assert.Equal("x", File.ReadAllText(Path.Join(target, "a/b/c")));
    }

    [Fact]
    public async Task ExtractAsync_ReadOnlyDirectory_GetsModeAndMtimeAfterItsContents()
    {
        using var temp = new TestDirectory();
        var source = temp.Combine("f");
        File.WriteAllText(source, "x");
        LayerEntry[] entries =
        [
            new() { Path = "d", Kind = LayerEntryKind.Directory, Mode = 0x16D, Modified = SampleTree.At(9) }, // 0555
            new() { Path = "d/f", Kind = LayerEntryKind.File, Mode = 0x124, Size = 1, SourcePath = source }, // 0444
        ];
        var layer = await LayerWriterTests.WriteAsync(entries, LayerWriteOptions.Default);
        var target = temp.Combine("target");

        await LayerExtractor.ExtractAsync(new MemoryStream(layer), target, CancellationToken.None);

        var directory = LinuxFiles.LStat(Path.Join(target, "d"));
        Assert.Equal(0x16Du, directory.Permissions);
        Assert.Equal(SampleTree.At(9), directory.Modified);
        Assert.Equal(DateTimeOffset.UnixEpoch, LinuxFiles.LStat(Path.Join(target, "d/f")).Modified);
    }

    [Fact]
    public async Task ExtractAsync_Cancelled_RemovesWhatItCreated()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("target");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LayerExtractor.ExtractAsync(new MemoryStream(Layer(FileEntry("a", "x"))), target, cancellation.Token));

        Assert.False(Path.Exists(target));
    }

    [Fact]
    public async Task ExtractAsync_TruncatedLayer_ThrowsCorruptAndRemovesWhatItCreated()
    {
        using var temp = new TestDirectory();
        var target = temp.Combine("target");
        var entries = SampleTree.Create(temp.Combine("source"), largeFileBytes: 1 << 20);
        var layer = await LayerWriterTests.WriteAsync(entries, LayerWriteOptions.Default);

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerExtractor.ExtractAsync(new MemoryStream(layer[..(layer.Length * 3 / 4)]), target, CancellationToken.None));

        Assert.StartsWith("layer is truncated or corrupt: ", error.Message);
        Assert.False(Path.Exists(target));
    }
}
