using System.Text;
using Hoist.Core.Errors;
using Hoist.Packaging.Files;
using Hoist.Packaging.Tests.Layers;

namespace Hoist.Packaging.Tests.Files;

/// <summary>A real package, damaged one way at a time: every error names the file and the bad part.</summary>
public sealed class PackageCorruptionTests
{
    /// <summary>Where things are in a package written by PackageFileWriter (ustar, index.json under 512 bytes).</summary>
    private sealed record Layout(string Path, byte[] Bytes, long ManifestHeader, long ManifestContent, long ManifestLength, long LayerHeader, long LayerContent, long LayerLength);

    [Theory]
    [InlineData("first-header", "is not a Hoist package: it is not a tar archive")]
    [InlineData("index-content", "index.json is truncated (88 of ")]
    [InlineData("manifest-header-missing", "manifest.yaml is missing (the archive ends after index.json)")]
    [InlineData("manifest-header", "the tar header of manifest.yaml is truncated or corrupt")]
    [InlineData("manifest-content", "manifest.yaml is truncated (10 of ")]
    [InlineData("layer-header", "the tar header of layer.tar.zst is truncated or corrupt")]
    [InlineData("layer-content-start", "layer.tar.zst is truncated (0 of ")]
    [InlineData("layer-content", "layer.tar.zst is truncated (4096 of ")]
    [InlineData("layer-content-end", "layer.tar.zst is truncated (LAST of ")]
    [InlineData("after-layer", "the tar archive is truncated after layer.tar.zst")]
    [InlineData("end-marker", "the tar archive is truncated after layer.tar.zst")]
    public async Task Open_TruncatedAt_NamesTheCutPart(string where, string message)
    {
        using var temp = new TestDirectory();
        var layout = await CreateAsync(temp);
        var cut = where switch
        {
            "first-header" => 100,
            "index-content" => 512 + 88,
            "manifest-header-missing" => layout.ManifestHeader,
            "manifest-header" => layout.ManifestHeader + 200,
            "manifest-content" => layout.ManifestContent + 10,
            "layer-header" => layout.LayerHeader + 300,
            "layer-content-start" => layout.LayerContent,
            "layer-content" => layout.LayerContent + 4096,
            "layer-content-end" => layout.LayerContent + layout.LayerLength - 1,
            "after-layer" => layout.LayerContent + layout.LayerLength,
            _ => layout.Bytes.Length - 512,
        };
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes[..(int)cut]);

        PackageFileTests.AssertBad(layout.Path, $"{layout.Path}");
        PackageFileTests.AssertBad(layout.Path, message.Replace("LAST", (layout.LayerLength - 1).ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_FlippedByteInManifest_SaysItDoesNotMatchItsDigest()
    {
        using var temp = new TestDirectory();
        var layout = await CreateAsync(temp);
        layout.Bytes[layout.ManifestContent + 5] ^= 0x20;
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        PackageFileTests.AssertBad(layout.Path, $"{layout.Path}: manifest.yaml does not match its digest in index.json (expected sha256:");
        PackageFileTests.AssertBad(layout.Path, ", got sha256:");
    }

    [Fact]
    public async Task Open_FlippedDigestDigitInIndex_SaysTheManifestDoesNotMatchIt()
    {
        using var temp = new TestDirectory();
        var layout = await CreateAsync(temp);
        var at = 512 + Encoding.ASCII.GetString(layout.Bytes, 512, 200).IndexOf("sha256:", StringComparison.Ordinal) + 10;
        layout.Bytes[at] = layout.Bytes[at] == (byte)'a' ? (byte)'b' : (byte)'a';
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        PackageFileTests.AssertBad(layout.Path, $"{layout.Path}: manifest.yaml does not match its digest in index.json");
    }

    [Fact]
    public async Task Open_FlippedByteInIndexSyntax_SaysIndexIsNotJson()
    {
        using var temp = new TestDirectory();
        var layout = await CreateAsync(temp);
        layout.Bytes[512] = (byte)'x'; // the opening '{'
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        PackageFileTests.AssertBad(layout.Path, $"{layout.Path}: index.json is not valid JSON");
    }

    [Theory]
    [InlineData("index", "is not a Hoist package: its first tar header does not match its checksum")]
    [InlineData("manifest", "the tar header of manifest.yaml does not match its checksum")]
    [InlineData("layer", "the tar header of layer.tar.zst does not match its checksum")]
    public async Task Open_FlippedByteInHeader_NamesTheHeader(string which, string message)
    {
        using var temp = new TestDirectory();
        var layout = await CreateAsync(temp);
        var header = which switch { "index" => 0, "manifest" => layout.ManifestHeader, _ => layout.LayerHeader };
        layout.Bytes[header + 300] ^= 0x01; // the user name field: nothing else notices
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        PackageFileTests.AssertBad(layout.Path, message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public async Task VerifyAsync_FlippedByteInLayer_SaysTheLayerDoesNotMatchItsDigest(double where)
    {
        using var temp = new TestDirectory();
        var layout = await CreateAsync(temp);
        layout.Bytes[layout.LayerContent + (long)((layout.LayerLength - 1) * where)] ^= 0x01;
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        using (PackageFile.Open(layout.Path))
        {
            // Open does not read the layer: the flip shows only when it is hashed.
        }

        var error = await Assert.ThrowsAsync<HoistException>(() => PackageVerifier.VerifyAsync(layout.Path, null, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith($"{layout.Path}: layer.tar.zst does not match its digest in manifest.yaml (expected sha256:", error.Message);
    }

    private static async Task<Layout> CreateAsync(TestDirectory temp)
    {
        var (path, _, _, _) = await TestPackage.CreateAsync(temp);
        using var package = PackageFile.Open(path);
        var manifestLength = package.ManifestBytes.Length;
        var manifestContent = 1536;
        var layerHeader = manifestContent + ((manifestLength + 511) / 512 * 512);
        Assert.Equal(layerHeader + 512, package.LayerOffset);
        return new Layout(path, await File.ReadAllBytesAsync(path), 1024, manifestContent, manifestLength, layerHeader, package.LayerOffset, package.LayerLength);
    }
}
