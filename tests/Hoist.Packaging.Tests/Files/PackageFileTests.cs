using System.IO.Compression;
using System.Text;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;
using Hoist.Packaging.Tests.Layers;

namespace Hoist.Packaging.Tests.Files;

public sealed class PackageFileTests
{
    [Fact]
    public async Task Open_WrittenPackage_GivesManifestDigestAndLayerBack()
    {
        using var temp = new TestDirectory();
        var (path, layerPath, manifest, digest) = await TestPackage.CreateAsync(temp);

        using var package = PackageFile.Open(path);
        await using var layer = package.OpenLayer();
        var layerBytes = new MemoryStream();
        await layer.CopyToAsync(layerBytes);

        Assert.Equal(path, package.Path);
        Assert.Equal(digest, package.Digest);
        Assert.Equal(ManifestSerializer.SerializeToUtf8(manifest), package.ManifestBytes.ToArray());
        Assert.Equal(ManifestSerializer.Serialize(manifest), ManifestSerializer.Serialize(package.Manifest));
        Assert.Equal(new FileInfo(path).Length, package.FileSize);
        Assert.Equal(manifest.Layer!.Size, package.LayerLength);
        Assert.Equal(await File.ReadAllBytesAsync(layerPath), layerBytes.ToArray());
    }

    [Fact]
    public async Task OpenLayer_TwoStreamsAtOnce_ReadIndependently()
    {
        using var temp = new TestDirectory();
        var (path, layerPath, _, _) = await TestPackage.CreateAsync(temp);
        using var package = PackageFile.Open(path);
        await using var first = package.OpenLayer();
        await using var second = package.OpenLayer();
        var a = new byte[100];
        var b = new byte[100];

        await first.ReadExactlyAsync(a);
        second.Seek(50, SeekOrigin.Begin);
        await second.ReadExactlyAsync(b);

        var expected = await File.ReadAllBytesAsync(layerPath);
        Assert.Equal(expected[..100], a);
        Assert.Equal(expected[50..150], b);
    }

    [Fact]
    public async Task OpenLayer_ExtractedByLayerExtractor_GivesTheSourceTree()
    {
        using var temp = new TestDirectory();
        var (path, _, manifest, _) = await TestPackage.CreateAsync(temp);
        using var package = PackageFile.Open(path);
        await using var layer = package.OpenLayer();

        var summary = await LayerExtractor.ExtractAsync(layer, temp.Combine("lower"), CancellationToken.None);

        Assert.Equal(manifest.Layer!.DiffId, summary.DiffId.ToString());
        Assert.Equal(File.ReadAllBytes(temp.Combine("source", "usr/bin/app-server")), File.ReadAllBytes(temp.Combine("lower", "usr/bin/app-server")));
    }

    [Fact]
    public async Task OpenLayer_AfterDispose_ThrowsObjectDisposed()
    {
        using var temp = new TestDirectory();
        var (path, _, _, _) = await TestPackage.CreateAsync(temp);
        var package = PackageFile.Open(path);
        var layer = package.OpenLayer();

        package.Dispose();

        Assert.Throws<ObjectDisposedException>(() => package.OpenLayer());
        Assert.Throws<ObjectDisposedException>(() => layer.ReadByte());
    }

    [Fact]
    public async Task Open_ExtraEntriesAfterTheLayer_AreTolerated()
    {
        using var temp = new TestDirectory();
        var (path, _, _, digest) = await TestPackage.CreateAsync(temp);
        var bytes = await File.ReadAllBytesAsync(path);
        var signature = TestPackage.Craft(("signature.json", Encoding.UTF8.GetBytes("{}")));
        await File.WriteAllBytesAsync(path, [.. bytes[..^1024], .. signature]);

        using var package = PackageFile.Open(path);
        var report = await PackageVerifier.VerifyAsync(path, null, CancellationToken.None);

        Assert.Equal(digest, package.Digest);
        Assert.Equal(digest, report.PackageDigest);
    }

    [Fact]
    public void Open_Missing_ThrowsNotFound()
    {
        var error = Assert.Throws<HoistException>(() => PackageFile.Open("/nonexistent/hoist/app.hpkg"));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("package file /nonexistent/hoist/app.hpkg does not exist", error.Message);
    }

    [Fact]
    public void Open_Directory_ThrowsInvalidArgument()
    {
        using var temp = new TestDirectory();

        AssertBad(temp.Path, $"{temp.Path} is not a Hoist package: it is a directory");
    }

    [Fact]
    public void Open_EmptyFile_SaysItIsEmpty()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("empty.hpkg");
        File.WriteAllBytes(path, []);

        AssertBad(path, $"{path} is not a Hoist package: it is empty");
    }

    [Fact]
    public void Open_RandomBytes_SaysItIsNotATarArchive()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("random.hpkg");
        var bytes = new byte[8192];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        AssertBad(path, $"{path} is not a Hoist package: it is not a tar archive");
    }

    [Fact]
    public void Open_GzipFile_SaysItIsGzipCompressed()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("app.tar.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(TestPackage.Craft(("index.json", "{}"u8.ToArray())));
        }

        AssertBad(path, $"{path} is not a Hoist package: it is gzip-compressed, not a tar archive");
    }

    [Fact]
    public void Open_PlainTarWithoutIndex_NamesTheFirstEntry()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("plain.tar");
        File.WriteAllBytes(path, TestPackage.Craft(("hello.txt", "hi"u8.ToArray()), ("index.json", "{}"u8.ToArray())));

        AssertBad(path, $"{path} is not a Hoist package: the first entry is 'hello.txt', expected index.json");
    }

    [Theory]
    [InlineData("{\"format\":\"hoist-package/2\",\"manifest\":{}}", "index.json format 'hoist-package/2' is not hoist-package/1")]
    [InlineData("[1,2]", "index.json has no format")]
    [InlineData("{\"format\":\"hoist-package/1\"", "index.json is not valid JSON")]
    [InlineData("{\"format\":\"hoist-package/1\",\"manifest\":{\"digest\":\"md5:x\",\"size\":1}}", "index.json manifest.digest is missing or not a sha256 digest")]
    [InlineData("{\"format\":\"hoist-package/1\",\"manifest\":{\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":-1}}", "index.json manifest.size is missing")]
    public void Open_BadIndex_NamesIndexJson(string index, string problem)
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("bad.hpkg");
        File.WriteAllBytes(path, TestPackage.Craft(("index.json", Encoding.UTF8.GetBytes(index)), ("manifest.yaml", "x"u8.ToArray())));

        AssertBad(path, $"{path}: {problem}");
    }

    [Fact]
    public void Open_EntriesOutOfOrder_NamesTheMisplacedEntry()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("order.hpkg");
        var manifest = "name: x\n"u8.ToArray();
        File.WriteAllBytes(path, TestPackage.Craft(
            ("index.json", TestPackage.Index(Digest.Of(manifest), manifest.Length)), ("layer.tar.zst", [1]), ("manifest.yaml", manifest)));

        AssertBad(path, $"{path}: the second entry is 'layer.tar.zst', expected manifest.yaml");
    }

    [Fact]
    public void Open_ManifestNotYaml_NamesTheManifestAndLine()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("yaml.hpkg");
        File.WriteAllBytes(path, TestPackage.CraftWithManifest("name: redis\nversion: [unclosed\n"u8.ToArray(), [1]));

        var error = AssertBad(path, $"{path}: manifest.yaml: line ");

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Open_ManifestInvalid_ListsTheProblems()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("invalid.hpkg");
        File.WriteAllBytes(path, TestPackage.CraftWithManifest("name: Redis Server\nversion: '1'\n"u8.ToArray(), [1]));

        AssertBad(path, $"{path}: manifest.yaml is invalid: name: 'Redis Server' must be");
        AssertBad(path, "; layer: missing");
    }

    [Fact]
    public void Open_LayerSizeDiffersFromManifest_NamesBoth()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("size.hpkg");
        File.WriteAllBytes(path, TestPackage.CraftAroundLayer([1, 2, 3], layer => layer with { Size = 4 }));

        AssertBad(path, $"{path}: layer.tar.zst is 3 bytes, manifest.yaml says 4");
    }

    [Fact]
    public void Open_LayerMissing_SaysSo()
    {
        using var temp = new TestDirectory();
        var path = temp.Combine("nolayer.hpkg");
        var manifest = ManifestSerializer.SerializeToUtf8(TestPackage.Manifest(new LayerInfo
        {
            Digest = Digest.Of([]).ToString(), DiffId = Digest.Of([]).ToString(), Size = 1,
        }));
        File.WriteAllBytes(path, TestPackage.Craft(("index.json", TestPackage.Index(Digest.Of(manifest), manifest.Length)), ("manifest.yaml", manifest)));

        AssertBad(path, $"{path}: layer.tar.zst is missing (the archive ends after manifest.yaml)");
    }

    internal static HoistException AssertBad(string path, string message)
    {
        var error = Assert.Throws<HoistException>(() => PackageFile.Open(path));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }
}
