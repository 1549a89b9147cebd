using System.Text;
using Hoist.Content.Storage;
using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Fabric;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Library;

public sealed class LibraryTests
{
    private static byte[] Random(int bytes, int seed)
    {
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static long StoredSize(TestController controller, Digest chunk) =>
        new FileInfo(new ChunkStore(Path.Combine(controller.Home, "chunks")).PathOf(chunk)).Length;

    [Fact]
    public async Task Push_TwoItemsSharingChunks_UniqueSizesAndTotals()
    {
        await using var controller = await TestController.StartAsync();
        var shared = Random(3 << 20, 1);
        var (first, firstBytes) = await AddPackageAsync(controller, "first", [.. Random(1 << 20, 2), .. shared]);
        var (second, secondBytes) = await AddPackageAsync(controller, "second", [.. Random(1 << 20, 3), .. shared]);

        var listing = await controller.Client.LibraryAsync(default);

        var common = first.Intersect(second).ToList();
        Assert.True(common.Count >= 5, $"the items share {common.Count} chunks");
        var all = first.Union(second).ToList();
        Assert.Equal(all.Count, listing.Chunks);
        Assert.Equal(all.Sum(c => StoredSize(controller, c)), listing.StoredBytes);
        Assert.Equal(firstBytes + secondBytes, listing.LogicalBytes);
        var views = listing.Items.ToDictionary(i => i.Name);
        Assert.Equal(first.Except(second).Sum(c => StoredSize(controller, c)), views["first"].UniqueBytes);
        Assert.Equal(second.Except(first).Sum(c => StoredSize(controller, c)), views["second"].UniqueBytes);
        Assert.Equal(first.Count, views["first"].Chunks);
    }

    [Fact]
    public async Task Add_ChunkMissing_FailedPreconditionWithTheCount()
    {
        await using var controller = await TestController.StartAsync();
        var yaml = Hoist.Packaging.Manifests.ManifestSerializer.Serialize(TestLibrary.Redis());
        var blob = await TestLibrary.PushBlobAsync(controller.Client, [.. Encoding.UTF8.GetBytes(yaml), .. Random(1 << 20, 4)], uploadChunks: false);

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.AddLibraryItemAsync(new LibraryItemRequest
        {
            Kind = LibraryKinds.Package, Name = "redis", Version = "7.0.15", Digest = Digest.Of(Encoding.UTF8.GetBytes(yaml)).ToString(), Recipe = blob.Recipe, Manifest = yaml,
        }, default));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.StartsWith($"{blob.Chunks.Count} of the {blob.Chunks.Count} chunks of package redis 7.0.15 are missing", error.Message, StringComparison.Ordinal);
        Assert.Empty((await controller.Client.LibraryAsync(default)).Items);
    }

    [Fact]
    public async Task Add_RecipeNotUploaded_FailedPrecondition()
    {
        await using var controller = await TestController.StartAsync();

        var error = await Assert.ThrowsAsync<HoistException>(() => Add(controller, "blob", Digest.Of([1, 2, 3]).ToString()));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
    }

    [Fact]
    public async Task Upload_CorruptChunk_RefusedAndNotKept()
    {
        await using var controller = await TestController.StartAsync();
        var claimed = Digest.Of(Encoding.UTF8.GetBytes("what it claims to be"));
        var frames = new MemoryStream();
        await ChunkFrames.WriteAsync(frames, claimed, ChunkCodec.Encode(Encoding.UTF8.GetBytes("something else")), default);

        var error = await Assert.ThrowsAsync<HoistException>(() => TestLibrary.UploadFramesAsync(controller.Client, frames.ToArray()));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(claimed.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal([claimed.ToString()], await controller.Client.MissingChunksAsync([claimed.ToString()], default));
    }

    [Fact]
    public async Task Upload_Frames_StoredOnceAndFetchedBack()
    {
        await using var controller = await TestController.StartAsync();
        var data = Encoding.UTF8.GetBytes("a chunk of state");
        var digest = Digest.Of(data);
        var frames = new MemoryStream();
        await ChunkFrames.WriteAsync(frames, digest, ChunkCodec.Encode(data), default);

        var first = await TestLibrary.UploadFramesAsync(controller.Client, frames.ToArray());
        var again = await TestLibrary.UploadFramesAsync(controller.Client, frames.ToArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.ChunksFetch)
        {
            Content = System.Net.Http.Json.JsonContent.Create(new DigestList { Digests = [digest.ToString()] }, FabricJson.Default.DigestList),
        };
        using var response = await controller.Client.SendRawAsync(request, HttpCompletionOption.ResponseContentRead, default);
        var fetched = new List<(Digest, byte[])>();
        await foreach (var frame in ChunkFrames.ReadAllAsync(await response.Content.ReadAsStreamAsync(), default))
        {
            fetched.Add(frame);
        }

        Assert.Equal((1, 1), (first.Chunks, first.Stored));
        Assert.Equal((1, 0), (again.Chunks, again.Stored));
        var (fetchedDigest, stored) = Assert.Single(fetched);
        Assert.Equal(digest, fetchedDigest);
        Assert.Equal(data, ChunkCodec.Decode(stored));
        Assert.Empty(await controller.Client.MissingChunksAsync([digest.ToString()], default));
    }

    [Fact]
    public async Task Fetch_ChunkMissing_NotFound()
    {
        await using var controller = await TestController.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.ChunksFetch)
        {
            Content = System.Net.Http.Json.JsonContent.Create(new DigestList { Digests = [Digest.Of([9]).ToString()] }, FabricJson.Default.DigestList),
        };

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.SendRawAsync(request, HttpCompletionOption.ResponseContentRead, default));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Recipe_WrongDigestOrNotARecipe_RefusedElseKeptAsSent()
    {
        await using var controller = await TestController.StartAsync();
        var blob = await TestLibrary.PushBlobAsync(controller.Client, Random(100_000, 5));
        var json = await controller.Client.GetRecipeAsync(blob.Recipe, default);

        var wrong = await Assert.ThrowsAsync<HoistException>(() => controller.Client.PutRecipeAsync(Digest.Of([1]).ToString(), json, default));
        var garbage = Encoding.UTF8.GetBytes("{\"format\":\"nothing/1\"}");
        var notRecipe = await Assert.ThrowsAsync<HoistException>(() => controller.Client.PutRecipeAsync(Digest.Of(garbage).ToString(), garbage, default));

        Assert.Equal(blob.Recipe, Digest.Of(json).ToString());
        Assert.Equal(ErrorKind.InvalidArgument, wrong.Kind);
        Assert.Equal(ErrorKind.InvalidArgument, notRecipe.Kind);
    }

    [Fact]
    public async Task Package_ManifestNotHashingToDigest_InvalidArgument()
    {
        await using var controller = await TestController.StartAsync();
        var manifest = Hoist.Packaging.Manifests.ManifestSerializer.Serialize(TestLibrary.Redis());
        var blob = await TestLibrary.PushBlobAsync(controller.Client, Encoding.UTF8.GetBytes(manifest));

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.AddLibraryItemAsync(new LibraryItemRequest
        {
            Kind = LibraryKinds.Package, Name = "redis", Version = "7.0.15", Digest = Digest.Of([1]).ToString(), Recipe = blob.Recipe, Manifest = manifest,
        }, default));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("does not hash to its digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_PackageUsedByAnApp_FailedPreconditionElseGone()
    {
        await using var controller = await TestController.StartAsync();
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);
        var package = await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(name: "cache"));
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);

        var used = await Assert.ThrowsAsync<HoistException>(() => controller.Client.RemoveLibraryItemAsync(LibraryKinds.Package, "redis", null, default));
        await controller.Client.RemoveLibraryItemAsync(LibraryKinds.Package, "cache", "7.0.15", default);

        Assert.Equal(ErrorKind.FailedPrecondition, used.Kind);
        Assert.Equal(package.Digest, (await controller.Client.LibraryItemAsync(LibraryKinds.Package, package.Digest, null, default)).Digest);
        Assert.Equal(["redis"], (await controller.Client.LibraryAsync(default)).Items.Select(i => i.Name));
    }

    private static Task<LibraryItemView> Add(TestController controller, string name, string recipe) =>
        controller.Client.AddLibraryItemAsync(new LibraryItemRequest { Kind = LibraryKinds.State, Name = name, Version = "1", Digest = recipe, Recipe = recipe }, default);

    /// <summary>A package named <paramref name="name"/> whose .hpkg is its manifest then <paramref name="payload"/>;
    /// returns its chunks and its size.</summary>
    private static async Task<(IReadOnlyList<Digest> Chunks, long Bytes)> AddPackageAsync(TestController controller, string name, byte[] payload)
    {
        var yaml = Encoding.UTF8.GetBytes(Hoist.Packaging.Manifests.ManifestSerializer.Serialize(TestLibrary.Redis(name: name)));
        var blob = await TestLibrary.PushBlobAsync(controller.Client, [.. yaml, .. payload]);
        await controller.Client.AddLibraryItemAsync(new LibraryItemRequest
        {
            Kind = LibraryKinds.Package, Name = name, Version = "7.0.15", Digest = Digest.Of(yaml).ToString(), Recipe = blob.Recipe, Manifest = Encoding.UTF8.GetString(yaml),
        }, default);
        return (blob.Chunks, yaml.Length + payload.Length);
    }
}
