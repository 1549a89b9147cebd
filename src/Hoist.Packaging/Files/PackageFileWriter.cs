using System.Formats.Tar;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Files;

/// <summary>Writes package files (.hpkg).</summary>
public static class PackageFileWriter
{
    /// <summary>The largest entry a ustar header can describe (11 octal digits).</summary>
    private const long MaxUstarSize = 0x1FFFFFFFF;

    /// <summary>
    /// Writes the package file into <paramref name="destination"/>: a ustar archive holding
    /// index.json, manifest.yaml and the layer at <paramref name="layerPath"/> as layer.tar.zst,
    /// each a regular file with mode 0644, owner 0:0 and mtime 0, so the same manifest and layer
    /// always give the same bytes. Returns the package digest, the SHA-256 of manifest.yaml as
    /// written. Throws <see cref="ErrorKind.InvalidArgument"/> when the manifest is invalid (every
    /// problem listed, joined with "; ") or the layer file's size or digest differs from
    /// manifest.layer, and <see cref="ErrorKind.NotFound"/> when the layer file is missing; these
    /// are checked before anything is written. <paramref name="destination"/> is left open; after
    /// a failure while writing, it holds a partial file that the caller discards.
    /// </summary>
    public static async Task<Digest> WriteAsync(PackageManifest manifest, string layerPath, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(layerPath);
        ArgumentNullException.ThrowIfNull(destination);
        var errors = ManifestValidator.Validate(manifest, requireLayer: true);
        if (errors.Count > 0)
        {
            throw HoistException.InvalidArgument($"the manifest is invalid: {string.Join("; ", errors)}");
        }

        var layer = await OpenLayerAsync(manifest.Layer!, layerPath, cancellationToken).ConfigureAwait(false);
        await using (layer.ConfigureAwait(false))
        {
            var manifestBytes = ManifestSerializer.SerializeToUtf8(manifest);
            var digest = Digest.Of(manifestBytes);
            var index = new PackageIndex(digest, manifestBytes.Length).ToUtf8();
            var tar = new TarWriter(destination, TarEntryFormat.Ustar, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                await tar.WriteEntryAsync(Entry(PackageFileNames.Index, new MemoryStream(index)), cancellationToken).ConfigureAwait(false);
                await tar.WriteEntryAsync(Entry(PackageFileNames.Manifest, new MemoryStream(manifestBytes)), cancellationToken).ConfigureAwait(false);
                await tar.WriteEntryAsync(Entry(PackageFileNames.Layer, layer), cancellationToken).ConfigureAwait(false);
            }

            // Disposing the TarWriter wrote the end-of-archive marker.
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return digest;
        }
    }

    /// <summary>Opens the layer file, checks it against manifest.layer, and rewinds it.</summary>
    private static async Task<FileStream> OpenLayerAsync(LayerInfo expected, string layerPath, CancellationToken cancellationToken)
    {
        FileStream layer;
        try
        {
            layer = new FileStream(layerPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw HoistException.NotFound($"layer file {layerPath} does not exist");
        }

        try
        {
            if (layer.Length != expected.Size)
            {
                throw HoistException.InvalidArgument($"layer file {layerPath} is {layer.Length} bytes, manifest layer.size says {expected.Size}");
            }

            if (layer.Length > MaxUstarSize)
            {
                throw HoistException.InvalidArgument($"layer file {layerPath} is {layer.Length} bytes, more than the 8 GiB a package file holds");
            }

            var actual = await Digest.OfStreamAsync(layer, cancellationToken).ConfigureAwait(false);
            if (actual.ToString() != expected.Digest)
            {
                throw HoistException.InvalidArgument($"layer file {layerPath} does not match manifest layer.digest (expected {expected.Digest}, got {actual})");
            }

            layer.Position = 0;
            return layer;
        }
        catch
        {
            await layer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static UstarTarEntry Entry(string name, Stream content) => new(TarEntryType.RegularFile, name)
    {
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        Uid = 0,
        Gid = 0,
        ModificationTime = DateTimeOffset.UnixEpoch,
        DataStream = content,
    };
}
