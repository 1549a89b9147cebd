using System.Text;
using Hoist.Content.Recipes;
using Hoist.Content.Storage;
using Hoist.Controller.Tests.Migrations;
using Hoist.Controller.Tests.Testing;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Library;

public sealed class GcTests
{
    private static byte[] Random(int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Makes chunks and recipes look written an hour ago (past the 10 minutes of grace).</summary>
    private static void Age(TestController controller, IEnumerable<Digest> chunks, IEnumerable<string> recipes)
    {
        var store = new ChunkStore(Path.Combine(controller.Home, "chunks"));
        var old = DateTime.UtcNow.AddHours(-1);
        foreach (var chunk in chunks)
        {
            File.SetLastWriteTimeUtc(store.PathOf(chunk), old);
        }

        foreach (var recipe in recipes)
        {
            File.SetLastWriteTimeUtc(Path.Combine(controller.Home, "recipes", "sha256", Digest.Parse(recipe).Hex), old);
        }
    }

    [Fact]
    public async Task Gc_KeepsReferencedAndRecent_RemovesOldUnreferenced()
    {
        await using var controller = await TestController.StartAsync();
        var item = await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(), Random(300_000, 1));
        var kept = await controller.Client.GetRecipeAsync(item.Recipe, default);
        var itemChunks = RecipeSerializer.ReadBlob(kept).Chunks.Select(c => c.Digest).ToList();
        var recent = await TestLibrary.PushBlobAsync(controller.Client, Random(300_000, 2));
        var old = await TestLibrary.PushBlobAsync(controller.Client, Random(300_000, 3));
        Age(controller, itemChunks.Concat(old.Chunks), [item.Recipe, old.Recipe]);
        var oldBytes = old.Chunks.Sum(c => new FileInfo(new ChunkStore(Path.Combine(controller.Home, "chunks")).PathOf(c)).Length);

        var result = await controller.Client.CollectGarbageAsync(default);

        Assert.Equal((old.Chunks.Count, oldBytes, 1), (result.ChunksRemoved, result.BytesFreed, result.RecipesRemoved));
        Assert.Equal(old.Chunks.Count, (await controller.Client.MissingChunksAsync([.. old.Chunks.Select(c => c.ToString())], default)).Count);
        Assert.Empty(await controller.Client.MissingChunksAsync([.. itemChunks.Concat(recent.Chunks).Select(c => c.ToString())], default));
        Assert.Equal(kept, await controller.Client.GetRecipeAsync(item.Recipe, default));
        Assert.Contains(await controller.Client.EventsAsync(0, 100, default), e => e.Kind == "library.gc");
    }

    [Fact]
    public async Task Gc_ItemRemoved_ItsOldChunksGo()
    {
        await using var controller = await TestController.StartAsync();
        var item = await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(), Random(300_000, 4));
        var chunks = RecipeSerializer.ReadBlob(await controller.Client.GetRecipeAsync(item.Recipe, default)).Chunks.Select(c => c.Digest).ToList();
        Age(controller, chunks, [item.Recipe]);

        await controller.Client.RemoveLibraryItemAsync(LibraryKinds.Package, "redis", "7.0.15", default);
        var result = await controller.Client.CollectGarbageAsync(default);

        Assert.Equal((chunks.Count, 1), (result.ChunksRemoved, result.RecipesRemoved));
        Assert.Equal(0, (await controller.Client.LibraryAsync(default)).StoredBytes);
    }

    [Fact]
    public async Task Gc_MigrationInProgress_ItsRoundsSurvive()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        var tree = await TestTrees.PushTreeAsync(fabric.Controller.Client, new Dictionary<string, byte[]> { ["var/lib/redis/dump.rdb"] = Random(200_000, 5) });
        var chunks = RecipeSerializer.ReadTree(await fabric.Controller.Client.GetRecipeAsync(tree, default)).Entries.SelectMany(e => e.Chunks).Select(c => c.Digest).ToList();
        fabric.Source.Script = o => o.Kind switch
        {
            OrderKinds.StatePush => Reply.With(new OrderResult { Ok = true, Recipe = tree, BytesSent = 200_000, BytesTotal = 200_000 }),
            OrderKinds.StateFinal => Reply.Never,
            _ => null,
        };
        var planned = await fabric.MigrateAsync();
        await fabric.WaitAsync(planned.Id, MigrationPhases.Frozen);
        Age(fabric.Controller, chunks, [tree]);

        var result = await fabric.Controller.Client.CollectGarbageAsync(default);

        Assert.Equal((0, 0), (result.ChunksRemoved, result.RecipesRemoved));
        Assert.Empty(await fabric.Controller.Client.MissingChunksAsync([.. chunks.Select(c => c.ToString())], default));
        Assert.NotEmpty(Encoding.UTF8.GetString(await fabric.Controller.Client.GetRecipeAsync(tree, default)));
    }
}
