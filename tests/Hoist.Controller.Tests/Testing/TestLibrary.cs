using System.Text;
using Hoist.Content.Blobs;
using Hoist.Content.Recipes;
using Hoist.Content.Storage;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Packaging.Manifests;
using Hoist.Testing;

namespace Hoist.Controller.Tests.Testing;

/// <summary>Pushes items into a controller's library as `hoist library push` would: chunks the item into
/// a local chunk store, uploads the chunks the controller lacks as frames, then the recipe, then the item.</summary>
internal static class TestLibrary
{
    /// <summary>A package whose .hpkg is the manifest followed by <paramref name="payload"/>.</summary>
    public static async Task<LibraryItemView> PushPackageAsync(ControllerClient client, PackageManifest manifest, byte[]? payload = null)
    {
        var yaml = ManifestSerializer.Serialize(manifest);
        var bytes = Encoding.UTF8.GetBytes(yaml);
        var (recipe, _) = await PushBlobAsync(client, [.. bytes, .. payload ?? []]);
        return await client.AddLibraryItemAsync(new LibraryItemRequest
        {
            Kind = LibraryKinds.Package, Name = manifest.Name, Version = manifest.Version, Digest = Digest.Of(bytes).ToString(), Recipe = recipe, Manifest = yaml,
        }, CancellationToken.None);
    }

    /// <summary>Chunks <paramref name="blob"/>, uploads its chunks and recipe; returns the recipe's digest
    /// and the chunks' digests.</summary>
    public static async Task<(string Recipe, IReadOnlyList<Digest> Chunks)> PushBlobAsync(ControllerClient client, byte[] blob, bool uploadChunks = true)
    {
        using var scratch = new TempDirectory("chunks");
        var store = new ChunkStore(scratch.Path);
        var recipe = await BlobChunking.ChunkAsync(new MemoryStream(blob), store, CancellationToken.None);
        var chunks = recipe.Chunks.Select(c => c.Digest).Distinct().ToList();
        if (uploadChunks)
        {
            var missing = await client.MissingChunksAsync([.. chunks.Select(c => c.ToString())], CancellationToken.None);
            await UploadAsync(client, store, missing.Select(m => Digest.Parse(m)));
        }

        var json = RecipeSerializer.Serialize(recipe);
        var digest = Digest.Of(json).ToString();
        await client.PutRecipeAsync(digest, json, CancellationToken.None);
        return (digest, chunks);
    }

    /// <summary>Uploads chunks of <paramref name="store"/> as frames.</summary>
    public static async Task<UploadResult> UploadAsync(ControllerClient client, ChunkStore store, IEnumerable<Digest> chunks)
    {
        var frames = new MemoryStream();
        foreach (var chunk in chunks)
        {
            await ChunkFrames.WriteAsync(frames, chunk, await store.ReadStoredAsync(chunk, CancellationToken.None), CancellationToken.None);
        }

        return await UploadFramesAsync(client, frames.ToArray());
    }

    public static async Task<UploadResult> UploadFramesAsync(ControllerClient client, byte[] frames)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Fabric.ApiRoutes.Chunks) { Content = new ByteArrayContent(frames) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.SendRawAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, Fabric.FabricJson.Default.UploadResult))!;
    }

    /// <summary>A package like redis: one service on port 6379 (its "port" parameter sets it), needing
    /// glibc <paramref name="glibc"/>. (No resources in the manifest: ManifestSerializer writes
    /// ResourceLimits.MemoryBytes, which it then refuses to read; tests give limits as settings.)</summary>
    public static PackageManifest Redis(string glibc = "2.34", int? maxInstances = null, string name = "redis", string version = "7.0.15") => new()
    {
        Name = name,
        Version = version,
        Requires = new Requirements { Architecture = "amd64", Glibc = glibc, Libraries = ["libc.so.6"] },
        Services =
        [
            new ServiceSpec { Name = name + "-server", Exec = ["/usr/bin/redis-server"], Ports = [new PortSpec { Port = 6379, Addresses = ["0.0.0.0"] }] },
        ],
        Parameters =
        [
            new ParameterSpec { Name = "port", Default = "6379", Targets = [new ParameterTarget { File = "/etc/redis/redis.conf", Line = "port {value}" }] },
            new ParameterSpec { Name = "bind", Default = "127.0.0.1", Targets = [new ParameterTarget { File = "/etc/redis/redis.conf", Line = "bind {value}" }] },
        ],
        MaxInstances = maxInstances,
    };

    /// <summary>A stateless web server that may run several times (maxInstances), on port 80.</summary>
    public static PackageManifest Web(int maxInstances = 10) => new()
    {
        Name = "web",
        Version = "1.22",
        Requires = new Requirements { Architecture = "amd64", Glibc = "2.28", Libraries = ["libc.so.6"] },
        Services = [new ServiceSpec { Name = "nginx", Exec = ["/usr/sbin/nginx"], Ports = [new PortSpec { Port = 80 }] }],
        MaxInstances = maxInstances,
    };
}
