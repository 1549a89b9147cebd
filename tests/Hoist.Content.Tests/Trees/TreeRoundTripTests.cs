using Hoist.Content.Recipes;
using Hoist.Content.Storage;
using Hoist.Content.Trees;
using Hoist.Testing;

namespace Hoist.Content.Tests.Trees;

/// <summary>Real trees scanned into recipes and chunks, then made again from them.</summary>
public sealed class TreeRoundTripTests
{
    [Fact]
    public async Task ScanThenSync_RichTreeIntoAnEmptyDirectory_GivesAnIdenticalTree()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("tree");
        var source = temp.Combine("source");
        TreeFixture.CreateRich(source);
        var store = new ChunkStore(temp.Combine("chunks"));

        var recipe = await new TreeScanner().ScanAsync(source, store, CancellationToken.None);
        var changes = await TreeMaterializer.SyncAsync(temp.Combine("copy"), null, recipe, store, CancellationToken.None);

        TreeAssert.Identical(source, temp.Combine("copy"));
        Assert.Equal(recipe.Entries.Select(e => e.Path), changes.Added);
        var again = await new TreeScanner().ScanAsync(temp.Combine("copy"), new MemoryChunks(), CancellationToken.None);
        Assert.Equal(RecipeSerializer.Serialize(recipe), RecipeSerializer.Serialize(again));
    }

    [Fact]
    public async Task ScanThenSync_IntoAnExistingEmptyDirectory_GivesAnIdenticalTree()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("tree");
        var source = temp.Combine("source");
        TreeFixture.CreateRich(source);
        var chunks = new MemoryChunks();
        Directory.CreateDirectory(temp.Combine("copy"));

        var recipe = await new TreeScanner(options: new TreeScanOptions { Parallelism = 1 }).ScanAsync(source, chunks, CancellationToken.None);
        await TreeMaterializer.SyncAsync(temp.Combine("copy"), null, recipe, chunks, new TreeSyncOptions { Parallelism = 1, Durable = false }, CancellationToken.None);

        TreeAssert.Identical(source, temp.Combine("copy"));
    }

    [Fact]
    public async Task SyncAsync_LargerTree_RoundTripsWithSharedChunksStoredOnce()
    {
        Prerequisites.RequireRoot();
        using var temp = new TempDirectory("tree");
        var source = temp.Combine("source");
        Directory.CreateDirectory(source);
        var shared = Chunking.ContentDefinedChunkerTests.RandomBytes(2 << 20, seed: 3);
        for (var i = 0; i < 30; i++)
        {
            Directory.CreateDirectory(Path.Join(source, $"d{i % 5}"));
            File.WriteAllBytes(Path.Join(source, $"d{i % 5}", $"f{i}"), i % 3 == 0 ? shared : Chunking.ContentDefinedChunkerTests.RandomBytes(i * 10_000, seed: i));
        }

        TreeFixture.Settle(source);
        var store = new ChunkStore(temp.Combine("chunks"));

        var recipe = await new TreeScanner().ScanAsync(source, store, CancellationToken.None);
        await TreeMaterializer.SyncAsync(temp.Combine("copy"), null, recipe, store, CancellationToken.None);

        TreeAssert.Identical(source, temp.Combine("copy"));
        var distinct = recipe.Entries.SelectMany(e => e.Chunks).DistinctBy(c => c.Digest).Sum(c => (long)c.Size);
        var total = recipe.Entries.Sum(e => e.Size);
        Assert.True(distinct < total - (8L * shared.Length), $"{total} bytes of files need {distinct} bytes of distinct chunks");
        Assert.Equal(recipe.Entries.SelectMany(e => e.Chunks).DistinctBy(c => c.Digest).Count(), store.Totals().Chunks);
    }
}
