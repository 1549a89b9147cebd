using Hoist.Content.Chunking;
using Hoist.Content.Recipes;
using Hoist.Content.Tests.Chunking;
using Hoist.Content.Trees;
using Hoist.Testing;

namespace Hoist.Content.Tests.Trees;

public sealed class TreeScanCacheTests
{
    // Scans that start a minute "later" trust files written just now, as if the test had waited.
    private static readonly TreeScanOptions Later = new() { Time = new ShiftedTime(TimeSpan.FromMinutes(1)) };

    [Fact]
    public async Task ScanAsync_OneFileOf200Changed_ReadsOnlyThatFile()
    {
        using var temp = new TempDirectory("cache");
        var files = CreateFiles(temp.Path, 200);
        var cache = new TreeScanCache();
        var scanner = new TreeScanner(cache, Later);
        var sink = new MemoryChunks();
        var first = await scanner.ScanAsync(temp.Path, sink, CancellationToken.None);
        File.WriteAllBytes(files[117], ContentDefinedChunkerTests.RandomBytes(150_000, seed: 1000));
        sink.ResetCounts();
        var statistics = new TreeScanStatistics();

        var second = await scanner.ScanAsync(temp.Path, sink, statistics, CancellationToken.None);

        Assert.Equal(200, cache.Count);
        Assert.Equal((1, 199, 150_000L), (statistics.FilesRead, statistics.FilesFromCache, statistics.BytesRead));
        var changed = second.Entries.Single(e => e.Path == Path.GetRelativePath(temp.Path, files[117]));
        Assert.Equal(changed.Chunks.Count, sink.Accepts);
        Assert.Equal(150_000, sink.AcceptedBytes);
        var fresh = await new TreeScanner().ScanAsync(temp.Path, new MemoryChunks(), CancellationToken.None);
        Assert.Equal(RecipeSerializer.Serialize(fresh), RecipeSerializer.Serialize(second));
        Assert.NotEqual(RecipeSerializer.Serialize(first), RecipeSerializer.Serialize(second));
    }

    [Fact]
    public async Task ScanAsync_FilesChangedJustBeforeTheScan_AreNotTrustedNextTime()
    {
        using var temp = new TempDirectory("cache");
        CreateFiles(temp.Path, 10);
        var cache = new TreeScanCache();
        var sink = new MemoryChunks();

        // Changed less than 2 s before the scan began (a clock a minute behind makes sure of it,
        // however slow the machine): racily clean, not kept.
        var earlier = new TreeScanOptions { Time = new ShiftedTime(TimeSpan.FromMinutes(-1)) };
        await new TreeScanner(cache, earlier).ScanAsync(temp.Path, sink, CancellationToken.None);
        var statistics = new TreeScanStatistics();
        await new TreeScanner(cache, earlier).ScanAsync(temp.Path, sink, statistics, CancellationToken.None);

        Assert.Equal(0, cache.Count);
        Assert.Equal((10, 0), (statistics.FilesRead, statistics.FilesFromCache));
    }

    [Fact]
    public async Task ScanAsync_SameSizeAndMtimeButNewContent_IsReadAgainForItsCtime()
    {
        using var temp = new TempDirectory("cache");
        var file = Path.Join(temp.Path, "racy");
        File.WriteAllText(file, "before");
        TreeFixture.Touch(file, 1_600_000_000_000_000_000);
        var cache = new TreeScanCache();
        var sink = new MemoryChunks();
        await new TreeScanner(cache, Later).ScanAsync(temp.Path, sink, CancellationToken.None);

        // Same size, same mtime: only the ctime can tell.
        File.WriteAllText(file, "after!");
        TreeFixture.Touch(file, 1_600_000_000_000_000_000);
        var recipe = await new TreeScanner(cache, Later).ScanAsync(temp.Path, sink, CancellationToken.None);

        Assert.Equal(Core.Storage.Digest.Of("after!"u8), recipe.Entries.Single(e => e.Path == "racy").Chunks[0].Digest);
    }

    [Fact]
    public async Task ScanAsync_MetadataChangeOnly_TakesContentFromTheCacheAndNewMetadataFromTheFile()
    {
        using var temp = new TempDirectory("cache");
        var files = CreateFiles(temp.Path, 3);
        var cache = new TreeScanCache();
        await new TreeScanner(cache, Later).ScanAsync(temp.Path, new MemoryChunks(), CancellationToken.None);
        File.SetUnixFileMode(files[1], UnixFileMode.UserRead);
        var statistics = new TreeScanStatistics();

        var recipe = await new TreeScanner(cache, Later).ScanAsync(temp.Path, new MemoryChunks(), statistics, CancellationToken.None);

        // chmod changes the ctime: the file is read again, and its mode is the new one.
        Assert.Equal(1, statistics.FilesRead);
        Assert.Equal(0x100u, recipe.Entries.Single(e => e.Path == Path.GetRelativePath(temp.Path, files[1])).Mode);
    }

    [Fact]
    public async Task SaveThenLoad_Cache_KeepsWhatItKnows()
    {
        using var temp = new TempDirectory("cache");
        var tree = Path.Join(temp.Path, "tree");
        Directory.CreateDirectory(tree);
        CreateFiles(tree, 20);
        var cache = new TreeScanCache();
        await new TreeScanner(cache, Later).ScanAsync(tree, new MemoryChunks(), CancellationToken.None);
        var saved = Path.Join(temp.Path, "scan-cache.json");

        await cache.SaveAsync(saved, CancellationToken.None);
        var loaded = await TreeScanCache.LoadAsync(saved, CancellationToken.None);
        var statistics = new TreeScanStatistics();
        await new TreeScanner(loaded, Later).ScanAsync(tree, new MemoryChunks(), statistics, CancellationToken.None);

        Assert.Equal(20, loaded.Count);
        Assert.Equal((0, 20), (statistics.FilesRead, statistics.FilesFromCache));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{\"format\":\"hoist-scan-cache/1\",\"files\":{\"a\":{\"chunks\":[{\"digest\":\"bad\",\"size\":1}]}}}")]
    [InlineData("{\"format\":\"other\",\"files\":{}}")]
    [InlineData("not json")]
    public async Task LoadAsync_MissingOrDamaged_GivesAnEmptyCache(string? content)
    {
        using var temp = new TempDirectory("cache");
        var path = Path.Join(temp.Path, "scan-cache.json");
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        Assert.Equal(0, (await TreeScanCache.LoadAsync(path, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ScanAsync_OtherChunkerOptions_ReadsEverythingAgain()
    {
        using var temp = new TempDirectory("cache");
        CreateFiles(temp.Path, 5);
        var cache = new TreeScanCache();
        await new TreeScanner(cache, Later).ScanAsync(temp.Path, new MemoryChunks(), CancellationToken.None);
        var other = Later with { Chunking = new ChunkerOptions { MinSize = 4096, AverageSize = 16384, MaxSize = 65536 } };
        var statistics = new TreeScanStatistics();

        await new TreeScanner(cache, other).ScanAsync(temp.Path, new MemoryChunks(), statistics, CancellationToken.None);

        Assert.Equal(5, statistics.FilesRead);
    }

    [Fact]
    public async Task ScanAsync_FileRemoved_IsForgotten()
    {
        using var temp = new TempDirectory("cache");
        var files = CreateFiles(temp.Path, 5);
        var cache = new TreeScanCache();
        await new TreeScanner(cache, Later).ScanAsync(temp.Path, new MemoryChunks(), CancellationToken.None);
        File.Delete(files[0]);

        await new TreeScanner(cache, Later).ScanAsync(temp.Path, new MemoryChunks(), CancellationToken.None);

        Assert.Equal(4, cache.Count);
    }

    private static List<string> CreateFiles(string root, int count)
    {
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var directory = Path.Join(root, $"d{i % 10}");
            Directory.CreateDirectory(directory);
            var file = Path.Join(directory, $"file-{i:D3}");
            File.WriteAllBytes(file, ContentDefinedChunkerTests.RandomBytes(1000 + (i * 997 % 120_000), seed: i));
            files.Add(file);
        }

        return files;
    }
}
