using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Files;

/// <summary>Checks a package file from end to end, layer content included.</summary>
public static class PackageVerifier
{
    private const string Hint = "the package file is damaged or was tampered with: fetch or copy it again from its source";

    /// <summary>
    /// Opens the package (<see cref="PackageFile.Open"/>: index, manifest, layer size), hashes the
    /// layer bytes against manifest.layer.digest, then reads the whole layer through
    /// <see cref="LayerReader"/>, so every entry passes the layer rules, and compares its diffId,
    /// uncompressed size, entries, content bytes and whiteouts with manifest.layer. Progress is
    /// reported in two phases (hashing, reading). The first failure throws: what Open throws, or
    /// <see cref="ErrorKind.InvalidArgument"/> "FILE: layer.tar.zst does not match its digest in
    /// manifest.yaml ...", "FILE: layer content does not match manifest.yaml (...)", or
    /// "FILE: layer entry '...': ..." / "FILE: layer is truncated or corrupt: ...".
    /// </summary>
    public static async Task<VerificationReport> VerifyAsync(string path, IProgressReporter? progress, CancellationToken cancellationToken)
    {
        progress ??= NullProgress.Instance;
        using var package = PackageFile.Open(path);
        var layer = package.Manifest.Layer!;
        var checks = new List<string>
        {
            $"{PackageFileNames.Index}: format {PackageFileNames.Format}",
            $"{PackageFileNames.Manifest}: {package.ManifestBytes.Length} bytes, {package.Digest}, as {PackageFileNames.Index} says; valid",
        };

        progress.Phase($"verifying the layer digest of {path}");
        var digest = await HashLayerAsync(package, progress, cancellationToken).ConfigureAwait(false);
        if (digest.ToString() != layer.Digest)
        {
            throw new HoistException(ErrorKind.InvalidArgument,
                $"{path}: {PackageFileNames.Layer} does not match its digest in {PackageFileNames.Manifest} (expected {layer.Digest}, got {digest})", Hint);
        }

        checks.Add($"{PackageFileNames.Layer}: {package.LayerLength} bytes, {digest}, as {PackageFileNames.Manifest} says");
        progress.Done("layer digest matches");

        progress.Phase($"reading every layer entry of {path}");
        var summary = await ReadLayerAsync(package, progress, cancellationToken).ConfigureAwait(false);
        CompareContent(path, layer, summary);
        checks.Add($"layer content: {summary.Entries} entries ({summary.Whiteouts} whiteouts), {summary.ContentBytes} content bytes, "
            + $"{summary.UncompressedSize} bytes uncompressed, diffId {summary.DiffId}, as {PackageFileNames.Manifest} says; every entry passed the layer rules");
        progress.Done("layer content matches");
        return new VerificationReport(path, package.Digest, checks);
    }

    private static async Task<Digest> HashLayerAsync(PackageFile package, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        using var hash = new DigestingStream(null);
        await using var layer = package.OpenLayer();
        int read;
        while ((read = await layer.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await hash.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            progress.Advance(hash.BytesWritten, package.LayerLength);
        }

        return hash.CurrentDigest();
    }

    private static async Task<LayerSummary> ReadLayerAsync(PackageFile package, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var total = package.Manifest.Layer!.ContentBytes;
        var buffer = new byte[1 << 20];
        long done = 0;
        await using var layer = package.OpenLayer();
        try
        {
            // Reading each file's content to its end is what checks that it is all there.
            return await LayerReader.ReadAsync(layer, async (_, content, ct) =>
            {
                int read;
                while (content is not null && (read = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    done += read;
                    progress.Advance(done, total);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw new HoistException(ErrorKind.InvalidArgument, $"{package.Path}: {e.Message}", Hint, e);
        }
    }

    private static void CompareContent(string path, LayerInfo expected, LayerSummary actual)
    {
        var differences = new List<string>();
        void Compare<T>(string field, T wanted, T got)
        {
            if (!EqualityComparer<T>.Default.Equals(wanted, got))
            {
                differences.Add($"{field} expected {wanted}, got {got}");
            }
        }

        Compare("diffId", expected.DiffId, actual.DiffId.ToString());
        Compare("uncompressedSize", expected.UncompressedSize, actual.UncompressedSize);
        Compare("entries", expected.Entries, actual.Entries);
        Compare("contentBytes", expected.ContentBytes, actual.ContentBytes);
        Compare("whiteouts", expected.Whiteouts, actual.Whiteouts);
        if (differences.Count > 0)
        {
            throw new HoistException(ErrorKind.InvalidArgument,
                $"{path}: layer content does not match {PackageFileNames.Manifest} ({string.Join("; ", differences)})", Hint);
        }
    }
}
