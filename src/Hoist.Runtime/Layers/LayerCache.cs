using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;

namespace Hoist.Runtime.Layers;

/// <summary>
/// Package layers unpacked for overlayfs, once per layer (by its diffId) under $HOIST_HOME/layers,
/// shared read-only by every app made from the package. A layer is verified (every digest, every
/// entry) before it is unpacked, unpacked into a work directory, and renamed into place whole.
/// </summary>
public sealed class LayerCache
{
    private readonly HoistHome _home;

    public LayerCache(HoistHome home) => _home = home;

    public string Root => Path.Combine(_home.Root, "layers");

    /// <summary>The directory of the package's unpacked layer, unpacking it now if needed.
    /// Throws what <see cref="PackageVerifier"/> throws for a damaged package.</summary>
    public async Task<string> EnsureAsync(string packagePath, CancellationToken cancellationToken)
    {
        string diffId;
        using (var package = PackageFile.Open(packagePath))
        {
            diffId = package.Manifest.Layer!.DiffId;
        }

        return await EnsureAsync(packagePath, diffId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="EnsureAsync(string, CancellationToken)"/>, for a caller that has read the
    /// package's manifest already and gives its layer's diff id.</summary>
    public async Task<string> EnsureAsync(string packagePath, string layerDiffId, CancellationToken cancellationToken)
    {
        var diffId = Digest.Parse(layerDiffId).Hex;
        var target = Path.Combine(Root, diffId);
        if (Directory.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(Root);
        using var layerLock = await FileLock.AcquireAsync(Path.Combine(Root, $".{diffId}.lock"), null, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(target))
        {
            return target;
        }

        await PackageVerifier.VerifyAsync(packagePath, null, cancellationToken).ConfigureAwait(false);
        using var work = WorkDirectory.Create(_home, "layer-" + diffId[..12]);
        var unpacked = work.Combine("layer");
        using (var package = PackageFile.Open(packagePath))
        await using (var layer = package.OpenLayer())
        {
            await LayerExtractor.ExtractAsync(layer, unpacked, cancellationToken).ConfigureAwait(false);
        }

        Directory.Move(unpacked, target);
        return target;
    }
}
