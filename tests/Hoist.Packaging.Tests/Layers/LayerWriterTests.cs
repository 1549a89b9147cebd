using System.Formats.Tar;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Packaging.Layers;
using ZstdSharp;

namespace Hoist.Packaging.Tests.Layers;

public sealed class LayerWriterTests
{
    [Fact]
    public async Task WriteAsync_SameEntriesTwice_GivesSameBytesWhateverTheWorkerCount()
    {
        using var temp = new TestDirectory();
        var entries = SampleTree.Create(temp.Combine("source"));

        var first = await WriteAsync(entries, new LayerWriteOptions { Workers = 1 });
        var second = await WriteAsync(entries, new LayerWriteOptions { Workers = 2 });

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task WriteAsync_FixedEntries_GivesPinnedDiffId()
    {
        // Pinned so that anything that makes the tar depend on the writing process (a pid, the
        // clock) or changes the encoding shows up here: the digest is the package's identity.
        using var temp = new TestDirectory();
        var source = temp.Combine("data");
        File.WriteAllText(source, "pinned content\n");
        LayerEntry[] entries =
        [
            new() { Path = "opt", Kind = LayerEntryKind.Directory, Mode = 0x1ED, Modified = SampleTree.At(1) },
            new() { Path = "opt/data", Kind = LayerEntryKind.File, Mode = 0x1A4, Uid = 7, Gid = 8, Size = 15, SourcePath = source, Modified = SampleTree.At(2),
                Xattrs = new Dictionary<string, byte[]> { ["user.a"] = [0, 1, 2] } },
            new() { Path = "opt/link", Kind = LayerEntryKind.Symlink, LinkTarget = "data", Mode = 0x1FF, Modified = SampleTree.At(3) },
            new() { Path = "opt/gone", Kind = LayerEntryKind.Whiteout },
        ];

        var info = await LayerWriter.WriteAsync(entries, new MemoryStream(), LayerWriteOptions.Default, null, CancellationToken.None);

        Assert.Equal("sha256:c691c4efb53abe1ae62e91b8f7608a78cb3ff386423af197738a34d4c208e999", info.DiffId);
        Assert.Equal(4, info.Entries);
        Assert.Equal(15, info.ContentBytes);
        Assert.Equal(1, info.Whiteouts);
    }

    [Fact]
    public async Task WriteAsync_Layer_IsReadByTarReaderWithPaxTimeUidAndXattrRecords()
    {
        using var temp = new TestDirectory();
        var source = temp.Combine("data");
        File.WriteAllText(source, "x");
        var longName = string.Join('/', Enumerable.Repeat("directory-name-of-some-length", 6)) + "/fichier-été";
        LayerEntry[] entries =
        [
            new() { Path = longName, Kind = LayerEntryKind.File, Mode = 0x9ED, Uid = 3_000_000, Gid = 4_000_000, Size = 1, SourcePath = source,
                Modified = SampleTree.At(5), Xattrs = new Dictionary<string, byte[]> { ["security.capability"] = SampleTree.Capability } },
            new() { Path = "link", Kind = LayerEntryKind.Symlink, LinkTarget = "/" + longName },
            new() { Path = "hard", Kind = LayerEntryKind.HardLink, LinkTarget = longName },
        ];

        var tar = await DecompressAsync(await WriteAsync(entries, LayerWriteOptions.Default));
        using var reader = new TarReader(new MemoryStream(tar));
        var file = (PaxTarEntry)reader.GetNextEntry()!;
        var link = reader.GetNextEntry()!;
        var hard = reader.GetNextEntry()!;

        Assert.Equal(longName, file.Name);
        Assert.Equal((UnixFileMode)0x9ED, file.Mode);
        Assert.Equal((3_000_000, 4_000_000), (file.Uid, file.Gid));
        Assert.Equal(SampleTree.At(5), file.ModificationTime);
        Assert.Equal(Convert.ToBase64String(SampleTree.Capability), file.ExtendedAttributes["LIBARCHIVE.xattr.security.capability"]);
        Assert.DoesNotContain("atime", file.ExtendedAttributes.Keys);
        Assert.DoesNotContain("ctime", file.ExtendedAttributes.Keys);
        Assert.Equal(string.Empty, file.UserName);
        Assert.Equal(string.Empty, file.GroupName);
        Assert.Equal(("/" + longName, TarEntryType.SymbolicLink), (link.LinkName, link.EntryType));
        Assert.Equal((longName, TarEntryType.HardLink), (hard.LinkName, hard.EntryType));
        Assert.Null(reader.GetNextEntry());
    }

    [Fact]
    public async Task WriteAsync_Layer_IsListedByGnuTarThroughZstd()
    {
        using var temp = new TestDirectory();
        var entries = SampleTree.Create(temp.Combine("source"), largeFileBytes: 1000);
        var path = temp.Combine("layer.tar.zst");
        await File.WriteAllBytesAsync(path, await WriteAsync(entries, LayerWriteOptions.Default));

        var result = await ProcessRunner.RunAsync(new ProcessSpec("tar", "--zstd", "--list", "--numeric-owner", "-v", "-f", path), CancellationToken.None);

        Assert.True(result.Succeeded, $"tar --zstd --list failed (needs GNU tar and zstd: apt-get install tar zstd): {result.Stderr}");
        Assert.Contains("-rwsr-xr-x 0/0", result.Stdout);
        Assert.Contains("usr/bin/app-server-hardlink link to usr/bin/app-server", result.Stdout);
        Assert.Contains("usr/lib/app/server -> ../../bin/app-server", result.Stdout);
        Assert.Contains("etc/.wh.removed.conf", result.Stdout);
        Assert.Contains("var/cache/app/.wh..wh..opq", result.Stdout);
        Assert.DoesNotContain("checksum", result.Stderr);
    }

    [Fact]
    public async Task WriteAsync_Progress_ReportsContentBytesUpToTheTotal()
    {
        using var temp = new TestDirectory();
        var entries = SampleTree.Create(temp.Combine("source"), largeFileBytes: 3 << 20);
        var progress = new RecordingProgress();

        var info = await LayerWriter.WriteAsync(entries, new MemoryStream(), LayerWriteOptions.Default, progress, CancellationToken.None);

        Assert.NotEmpty(progress.Advances);
        Assert.All(progress.Advances, a => Assert.Equal(info.ContentBytes, a.Total));
        Assert.Equal(info.ContentBytes, progress.Advances[^1].Done);
        Assert.True(progress.Advances.Zip(progress.Advances.Skip(1)).All(p => p.First.Done <= p.Second.Done));
    }

    [Theory]
    [InlineData("../escape", "a path may not contain '..'")]
    [InlineData("/abs", "a path may not be absolute")]
    [InlineData("dir/", "a path may not end with '/'")]
    [InlineData("a//b", "empty component")]
    [InlineData("etc/.wh.foo", "reserved for whiteouts")]
    [InlineData("etc/new\nline", "a path may not contain a newline")]
    public async Task WriteAsync_BadPath_ThrowsInvalidArgumentBeforeWriting(string path, string problem)
    {
        var destination = new MemoryStream();
        LayerEntry[] entries = [new() { Path = path, Kind = LayerEntryKind.Directory }];

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerWriter.WriteAsync(entries, destination, LayerWriteOptions.Default, null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"layer entry '{path.Replace("\n", "\\x0a", StringComparison.Ordinal)}'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task WriteAsync_OwnerBeyondInt32_ThrowsInvalidArgument()
    {
        LayerEntry[] entries = [new() { Path = "d", Kind = LayerEntryKind.Directory, Uid = 4_294_967_294 }];

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerWriter.WriteAsync(entries, new MemoryStream(), LayerWriteOptions.Default, null, CancellationToken.None));

        Assert.Contains("owner 4294967294:0 is beyond 2147483647", error.Message);
    }

    [Fact]
    public async Task WriteAsync_NamesNeedingPaxRecords_ReadBack()
    {
        var name = new string('l', 150) + "/tab\there/é=ü";
        LayerEntry[] entries =
        [
            new() { Path = name, Kind = LayerEntryKind.Directory },
            new() { Path = "link", Kind = LayerEntryKind.Symlink, LinkTarget = name },
        ];

        var read = await LayerReaderTests.ReadAllAsync(await WriteAsync(entries, LayerWriteOptions.Default));

        Assert.Equal(name, read[0].Path);
        Assert.Equal(name, read[1].LinkTarget);
    }

    [Fact]
    public async Task WriteAsync_SourceChangedSize_ThrowsInvalidArgumentNamingTheFile()
    {
        using var temp = new TestDirectory();
        var source = temp.Combine("grown");
        File.WriteAllText(source, "longer than said");
        LayerEntry[] entries = [new() { Path = "grown", Kind = LayerEntryKind.File, Size = 3, SourcePath = source }];

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerWriter.WriteAsync(entries, new MemoryStream(), LayerWriteOptions.Default, null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"{source} is 16 bytes, the entry says 3", error.Message);
    }

    [Fact]
    public async Task WriteAsync_SourceMissing_ThrowsNotFound()
    {
        LayerEntry[] entries = [new() { Path = "gone", Kind = LayerEntryKind.File, Size = 3, SourcePath = "/nonexistent/hoist/file" }];

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerWriter.WriteAsync(entries, new MemoryStream(), LayerWriteOptions.Default, null, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("/nonexistent/hoist/file", error.Message);
    }

    [Theory]
    [InlineData(-200_000, 1)]
    [InlineData(23, 1)]
    [InlineData(9, 0)]
    public async Task WriteAsync_BadOptions_ThrowsInvalidArgument(int level, int workers)
    {
        var options = new LayerWriteOptions { CompressionLevel = level, Workers = workers };

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerWriter.WriteAsync([], new MemoryStream(), options, null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task WriteAsync_NoEntries_WritesAnEmptyArchiveTheReaderAccepts()
    {
        var layer = new MemoryStream(await WriteAsync([], LayerWriteOptions.Default));

        var summary = await LayerReader.ReadAsync(layer, (_, _, _) => ValueTask.CompletedTask, CancellationToken.None);

        Assert.Equal(0, summary.Entries);
        Assert.Equal(1024, summary.UncompressedSize);
    }

    internal static async Task<byte[]> WriteAsync(IReadOnlyList<LayerEntry> entries, LayerWriteOptions options)
    {
        var output = new MemoryStream();
        await LayerWriter.WriteAsync(entries, output, options, null, CancellationToken.None);
        return output.ToArray();
    }

    private static async Task<byte[]> DecompressAsync(byte[] layer)
    {
        await using var zstd = new DecompressionStream(new MemoryStream(layer));
        var tar = new MemoryStream();
        await zstd.CopyToAsync(tar);
        return tar.ToArray();
    }
}
