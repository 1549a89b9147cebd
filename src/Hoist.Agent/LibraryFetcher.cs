using Hoist.Content.Blobs;
using Hoist.Content.Recipes;
using Hoist.Content.Storage;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Library;
using Hoist.Library.Images;
using Hoist.Library.Packages;

namespace Hoist.Agent;

/// <summary>
/// Brings items of the controller's library into the agent's own: packages (blob recipes, reassembled
/// into the .hpkg file) and OS images (tree recipes, materialized into a root). Only the chunks the agent's
/// chunk cache lacks are fetched.
/// </summary>
public sealed class LibraryFetcher
{
    private readonly ControllerClient _client;
    private readonly ChunkStore _chunks;
    private readonly LocalLibrary _library;

    public LibraryFetcher(ControllerClient client, ChunkStore chunks, LocalLibrary library)
    {
        _client = client;
        _chunks = chunks;
        _library = library;
    }

    /// <summary>The package of digest <paramref name="digest"/> in the agent's library, fetched first when
    /// missing; with the bytes fetched.</summary>
    public async Task<(PackageRecord Package, long BytesFetched)> EnsurePackageAsync(string digest, CancellationToken cancellationToken)
    {
        if (_library.Packages.Find(digest) is { } present)
        {
            return (present, 0);
        }

        var item = await _client.LibraryItemAsync(LibraryKinds.Package, digest, null, cancellationToken).ConfigureAwait(false);
        var recipe = RecipeSerializer.ReadBlob(await _client.GetRecipeAsync(item.Recipe, cancellationToken).ConfigureAwait(false));
        var fetched = await ChunkFetcher.FetchMissingAsync(_client, _chunks, recipe.Chunks.Select(c => c.Digest), null, cancellationToken).ConfigureAwait(false);
        using var work = WorkDirectory.Create(_library.Home, "fetch-package");
        var file = work.Combine("package.hpkg");
        await using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
        {
            await BlobChunking.WriteAsync(recipe, _chunks, stream, cancellationToken).ConfigureAwait(false);
        }

        var record = _library.Packages.Add(file, move: true);
        if (record.Digest.ToString() != item.Digest)
        {
            throw HoistException.FailedPrecondition($"the controller's package {item.Name} {item.Version} is {record.Digest}, not {item.Digest} as its library says", "push the package again with 'hoist library push'");
        }

        return (record, fetched);
    }

    /// <summary>The image <paramref name="name"/> in the agent's library, fetched first when missing or when
    /// the controller's differs (same name, another tree).</summary>
    public async Task<ImageRecord> EnsureImageAsync(string name, CancellationToken cancellationToken)
    {
        var item = await _client.LibraryItemAsync(LibraryKinds.Image, name, null, cancellationToken).ConfigureAwait(false);
        using var imageLock = await FileLock.AcquireAsync(_library.Images.LockOf(name), null, cancellationToken).ConfigureAwait(false);
        if (_library.Images.Find(name) is { } present && present.Digest.ToString() == item.Digest)
        {
            return present;
        }

        var recipe = RecipeSerializer.ReadTree(await _client.GetRecipeAsync(item.Recipe, cancellationToken).ConfigureAwait(false));
        await ChunkFetcher.FetchMissingAsync(_client, _chunks, recipe.Entries.SelectMany(e => e.Chunks).Select(c => c.Digest), null, cancellationToken).ConfigureAwait(false);
        WorkDirectory.SweepStale(_library.Home);
        using var work = WorkDirectory.Create(_library.Home, "fetch-image-" + name);
        var root = work.Combine("rootfs");
        await TreeMaterializer.SyncAsync(root, null, recipe, _chunks, cancellationToken).ConfigureAwait(false);
        var record = await new ImageImporter(_library.Images).AdoptAsync(name, root, $"controller {_client.Context.Url}", item.Version, cancellationToken).ConfigureAwait(false);
        if (record.Digest.ToString() != item.Digest)
        {
            throw HoistException.FailedPrecondition($"the image {name} fetched from the controller has digest {record.Digest}, not {item.Digest}", "push the image again with 'hoist library push image NAME'");
        }

        return record;
    }
}
