using System.Formats.Tar;
using System.Text;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;
using Hoist.Packaging.Tests.Layers;

namespace Hoist.Packaging.Tests.Files;

/// <summary>Builds package files for tests: real ones through <see cref="PackageFileWriter"/>,
/// and crafted ones whose parts are given byte for byte.</summary>
internal static class TestPackage
{
    public static PackageManifest Manifest(LayerInfo layer) => new()
    {
        Name = "redis",
        Version = "7.0.15-1",
        Description = "an in-memory store",
        StatePaths = ["/var/lib/redis"],
        Layer = layer,
    };

    /// <summary>Writes a sample tree's layer and a package holding it; returns the package path,
    /// the layer path, the manifest written and the digest the writer returned.</summary>
    public static async Task<(string Path, string LayerPath, PackageManifest Manifest, Digest Digest)> CreateAsync(TestDirectory temp, int largeFileBytes = 300_000)
    {
        var entries = SampleTree.Create(temp.Combine("source"), largeFileBytes);
        var layerPath = temp.Combine("layer.tar.zst");
        LayerInfo info;
        await using (var layer = File.Create(layerPath))
        {
            info = await LayerWriter.WriteAsync(entries, layer, LayerWriteOptions.Default, null, CancellationToken.None);
        }

        var manifest = Manifest(info);
        var path = temp.Combine("redis.hpkg");
        Digest digest;
        await using (var package = File.Create(path))
        {
            digest = await PackageFileWriter.WriteAsync(manifest, layerPath, package, CancellationToken.None);
        }

        return (path, layerPath, manifest, digest);
    }

    /// <summary>A ustar archive of the given parts, in order, with its end-of-archive marker.</summary>
    public static byte[] Craft(params (string Name, byte[] Content)[] parts)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return output.ToArray();
    }

    /// <summary>A crafted package whose index.json truly describes <paramref name="manifest"/>.</summary>
    public static byte[] CraftWithManifest(byte[] manifest, byte[] layer) => Craft(
        ("index.json", Index(Digest.Of(manifest), manifest.Length)),
        ("manifest.yaml", manifest),
        ("layer.tar.zst", layer));

    /// <summary>A package for a layer given as bytes, with a manifest whose layer fields are right
    /// for those bytes, except where <paramref name="adjust"/> changes them.</summary>
    public static byte[] CraftAroundLayer(byte[] layer, Func<LayerInfo, LayerInfo>? adjust = null)
    {
        var info = new LayerInfo { Digest = Digest.Of(layer).ToString(), Size = layer.Length, DiffId = Digest.Of([]).ToString() };
        var manifest = ManifestSerializer.SerializeToUtf8(Manifest(adjust?.Invoke(info) ?? info));
        return CraftWithManifest(manifest, layer);
    }

    public static byte[] Index(Digest manifestDigest, long manifestSize, string format = "hoist-package/1") =>
        Encoding.UTF8.GetBytes($"{{\"format\":\"{format}\",\"manifest\":{{\"digest\":\"{manifestDigest}\",\"size\":{manifestSize}}}}}");
}
