using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Tests.Layers;
using static Hoist.Packaging.Tests.Layers.HostileLayer;

namespace Hoist.Packaging.Tests.Files;

public sealed class PackageVerifierTests
{
    [Fact]
    public async Task VerifyAsync_GoodPackage_ReportsEveryCheckWithDigestsAndSizes()
    {
        using var temp = new TestDirectory();
        var (path, _, manifest, digest) = await TestPackage.CreateAsync(temp);
        var layer = manifest.Layer!;
        var progress = new RecordingProgress();

        var report = await PackageVerifier.VerifyAsync(path, progress, CancellationToken.None);

        Assert.Equal(path, report.Path);
        Assert.Equal(digest, report.PackageDigest);
        Assert.Equal(4, report.Checks.Count);
        Assert.Contains("index.json: format hoist-package/1", report.Checks);
        Assert.Contains(report.Checks, c => c.StartsWith("manifest.yaml: ", StringComparison.Ordinal) && c.Contains(digest.ToString(), StringComparison.Ordinal));
        Assert.Contains($"layer.tar.zst: {layer.Size} bytes, {layer.Digest}, as manifest.yaml says", report.Checks);
        Assert.Contains(report.Checks, c => c.StartsWith($"layer content: {layer.Entries} entries ({layer.Whiteouts} whiteouts), {layer.ContentBytes} content bytes, "
            + $"{layer.UncompressedSize} bytes uncompressed, diffId {layer.DiffId}", StringComparison.Ordinal));
        Assert.Equal(2, progress.Phases.Count);
        Assert.Equal((layer.Size, layer.Size), progress.Advances.First(a => a.Total == layer.Size && a.Done == layer.Size));
        Assert.Equal((layer.ContentBytes, layer.ContentBytes), progress.Advances[^1]);
    }

    [Theory]
    [InlineData("entries")]
    [InlineData("diffId")]
    [InlineData("whiteouts")]
    [InlineData("contentBytes")]
    [InlineData("uncompressedSize")]
    public async Task VerifyAsync_ManifestCountsDifferFromLayer_SaysLayerContentDoesNotMatch(string field)
    {
        using var temp = new TestDirectory();
        var (_, layerPath, manifest, _) = await TestPackage.CreateAsync(temp);
        var layer = manifest.Layer!;
        var wrong = field switch
        {
            "entries" => layer with { Entries = 99 },
            "diffId" => layer with { DiffId = Digest.Of([1]).ToString() },
            "whiteouts" => layer with { Whiteouts = 5 },
            "contentBytes" => layer with { ContentBytes = 1 },
            _ => layer with { UncompressedSize = 1 },
        };
        var path = temp.Combine("lying.hpkg");
        await using (var file = File.Create(path))
        {
            await PackageFileWriter.WriteAsync(manifest with { Layer = wrong }, layerPath, file, CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<HoistException>(() => PackageVerifier.VerifyAsync(path, null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith($"{path}: layer content does not match manifest.yaml ({field} expected ", error.Message);
    }

    [Fact]
    public async Task VerifyAsync_HostileLayerWithRightDigest_NamesTheEntry()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("hostile.hpkg");
        await File.WriteAllBytesAsync(path, TestPackage.CraftAroundLayer(Layer(FileEntry("usr/bin/ok", "x"), FileEntry("../etc/passwd", "root::0:0"))));

        var error = await Assert.ThrowsAsync<HoistException>(() => PackageVerifier.VerifyAsync(path, null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"{path}: layer entry '../etc/passwd': a path may not contain '..'", error.Message);
    }

    [Fact]
    public async Task VerifyAsync_GarbageLayerWithRightDigest_SaysTheLayerIsCorrupt()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("garbage.hpkg");
        var garbage = new byte[5000];
        new Random(11).NextBytes(garbage);
        await File.WriteAllBytesAsync(path, TestPackage.CraftAroundLayer(garbage));

        var error = await Assert.ThrowsAsync<HoistException>(() => PackageVerifier.VerifyAsync(path, null, CancellationToken.None));

        Assert.StartsWith($"{path}: layer is truncated or corrupt: ", error.Message);
    }

    [Fact]
    public async Task VerifyAsync_Missing_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => PackageVerifier.VerifyAsync("/nonexistent/app.hpkg", null, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}
