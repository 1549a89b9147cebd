using System.Formats.Tar;
using System.Text;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Manifests;
using Hoist.Packaging.Tests.Layers;

namespace Hoist.Packaging.Tests.Files;

public sealed class PackageFileWriterTests
{
    [Fact]
    public async Task WriteAsync_Package_IsUstarOfIndexManifestLayerWithFixedMetadata()
    {
        using var temp = new TestDirectory();
        var (path, layerPath, manifest, digest) = await TestPackage.CreateAsync(temp);

        using var reader = new TarReader(File.OpenRead(path));
        var entries = new List<(TarEntry Entry, byte[] Content)>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add((entry, content.ToArray()));
        }

        var manifestBytes = ManifestSerializer.SerializeToUtf8(manifest);
        Assert.Equal(["index.json", "manifest.yaml", "layer.tar.zst"], entries.Select(e => e.Entry.Name));
        Assert.All(entries, e =>
        {
            Assert.Equal(TarEntryFormat.Ustar, e.Entry.Format);
            Assert.Equal(TarEntryType.RegularFile, e.Entry.EntryType);
            Assert.Equal((UnixFileMode)0x1A4, e.Entry.Mode);
            Assert.Equal((0, 0), (e.Entry.Uid, e.Entry.Gid));
            Assert.Equal(DateTimeOffset.UnixEpoch, e.Entry.ModificationTime);
        });
        Assert.Equal($"{{\"format\":\"hoist-package/1\",\"manifest\":{{\"digest\":\"{digest}\",\"size\":{manifestBytes.Length}}}}}", Encoding.UTF8.GetString(entries[0].Content));
        Assert.Equal(manifestBytes, entries[1].Content);
        Assert.Equal(Digest.Of(manifestBytes), digest);
        Assert.Equal(await File.ReadAllBytesAsync(layerPath), entries[2].Content);
    }

    [Fact]
    public async Task WriteAsync_SameManifestAndLayerTwice_GivesSameBytes()
    {
        using var temp = new TestDirectory();
        var (path, layerPath, manifest, _) = await TestPackage.CreateAsync(temp);
        var again = new MemoryStream();

        await PackageFileWriter.WriteAsync(manifest, layerPath, again, CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(path), again.ToArray());
    }

    [Fact]
    public async Task WriteAsync_Package_IsListedByGnuTar()
    {
        using var temp = new TestDirectory();
        var (path, _, _, _) = await TestPackage.CreateAsync(temp);

        var result = await ProcessRunner.RunAsync(new ProcessSpec("tar", "--list", "--numeric-owner", "-v", "-f", path), CancellationToken.None);

        Assert.True(result.Succeeded, $"tar --list failed (needs GNU tar: apt-get install tar): {result.Stderr}");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("-rw-r--r-- 0/0", line));
        Assert.EndsWith("layer.tar.zst", lines[2]);
    }

    [Fact]
    public async Task WriteAsync_InvalidManifest_ListsEveryErrorAndWritesNothing()
    {
        using var temp = new TestDirectory();
        var (_, layerPath, manifest, _) = await TestPackage.CreateAsync(temp);
        var destination = new MemoryStream();

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            PackageFileWriter.WriteAsync(manifest with { Name = "Bad Name", Version = "" }, layerPath, destination, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("name: 'Bad Name'", error.Message);
        Assert.Contains("; version: ''", error.Message);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task WriteAsync_ManifestWithoutLayer_ThrowsInvalidArgument()
    {
        using var temp = new TestDirectory();
        var (_, layerPath, manifest, _) = await TestPackage.CreateAsync(temp);

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            PackageFileWriter.WriteAsync(manifest with { Layer = null }, layerPath, new MemoryStream(), CancellationToken.None));

        Assert.Contains("layer: missing", error.Message);
    }

    [Fact]
    public async Task WriteAsync_LayerDigestDiffers_ThrowsInvalidArgumentAndWritesNothing()
    {
        using var temp = new TestDirectory();
        var (_, layerPath, manifest, _) = await TestPackage.CreateAsync(temp);
        var destination = new MemoryStream();
        var wrong = manifest with { Layer = manifest.Layer! with { Digest = "sha256:" + new string('0', 64) } };

        var error = await Assert.ThrowsAsync<HoistException>(() => PackageFileWriter.WriteAsync(wrong, layerPath, destination, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"does not match manifest layer.digest (expected sha256:{new string('0', 64)}, got {manifest.Layer!.Digest})", error.Message);
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task WriteAsync_LayerSizeDiffers_ThrowsInvalidArgument()
    {
        using var temp = new TestDirectory();
        var (_, layerPath, manifest, _) = await TestPackage.CreateAsync(temp);
        var wrong = manifest with { Layer = manifest.Layer! with { Size = manifest.Layer.Size + 1 } };

        var error = await Assert.ThrowsAsync<HoistException>(() => PackageFileWriter.WriteAsync(wrong, layerPath, new MemoryStream(), CancellationToken.None));

        Assert.Contains($"is {manifest.Layer!.Size} bytes, manifest layer.size says {manifest.Layer.Size + 1}", error.Message);
    }

    [Fact]
    public async Task WriteAsync_LayerMissing_ThrowsNotFound()
    {
        using var temp = new TestDirectory();
        var (_, _, manifest, _) = await TestPackage.CreateAsync(temp);

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            PackageFileWriter.WriteAsync(manifest, temp.Combine("missing.tar.zst"), new MemoryStream(), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}
