using System.Text;
using Hoist.Content.Blobs;
using Hoist.Content.Recipes;
using Hoist.Fabric.Api;
using Hoist.Packaging.Files;

namespace Hoist.Fabric.Client;

/// <summary>Pushes a package file into the controller's library: the chunks the controller lacks, the
/// file's blob recipe, then the item that names it (docs/fabric.md, The library).</summary>
public static class PackagePusher
{
    /// <summary>Pushes <paramref name="package"/>, opened from <paramref name="path"/>; returns the item
    /// and the bytes sent.</summary>
    public static async Task<(LibraryItemView Item, long BytesSent)> PushAsync(
        ControllerClient client, string path, PackageFile package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        var uploader = new ChunkUploader(client);
        BlobRecipe recipe;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        await using (stream.ConfigureAwait(false))
        {
            recipe = await BlobChunking.ChunkAsync(stream, uploader, cancellationToken).ConfigureAwait(false);
        }

        await uploader.FlushAsync(cancellationToken).ConfigureAwait(false);
        var digest = await uploader.PutRecipeAsync(RecipeSerializer.Serialize(recipe), cancellationToken).ConfigureAwait(false);
        var item = new LibraryItemRequest
        {
            Kind = LibraryKinds.Package,
            Name = package.Manifest.Name,
            Version = package.Manifest.Version,
            Digest = package.Digest.ToString(),
            Recipe = digest.ToString(),
            LogicalBytes = package.FileSize,
            Manifest = Encoding.UTF8.GetString(package.ManifestBytes.Span),
        };
        return (await client.AddLibraryItemAsync(item, cancellationToken).ConfigureAwait(false), uploader.BytesSent);
    }
}
