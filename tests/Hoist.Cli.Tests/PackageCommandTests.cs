using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Manifests;
using Hoist.Testing;

namespace Hoist.Cli.Tests;

/// <summary>hoist package inspect, verify, check, edit, ls, rm on a real small package sequenced on
/// the shared bookworm image, and on damaged and hostile copies of it.</summary>
public sealed class PackageCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new("cli-package");
    private string _package = null!;

    public async Task InitializeAsync()
    {
        await TestImages.GetAsync("bookworm");
        await TestImages.GetAsync("trixie");
        _package = _temp.Combine("greeter.hpkg");
        var result = await HoistCli.RunAsync(TestHome.Shared, "sequence", "--image", "bookworm", "--name", "greeter", "--version", "1.2",
            "--run", "mkdir -p /opt/greeter /var/lib/greeter && cp /usr/bin/dash /opt/greeter/greet && echo hello > /opt/greeter/message", "-o", _package);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Inspect_Json_HasDigestManifestAndSizes()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "inspect", _package, "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        using var file = PackageFile.Open(_package);
        Assert.Equal(file.Digest.ToString(), json.GetProperty("digest").GetString());
        Assert.Equal(new FileInfo(_package).Length, json.GetProperty("size").GetInt64());
        var manifest = json.GetProperty("manifest");
        Assert.Equal("greeter", manifest.GetProperty("name").GetString());
        Assert.Equal("/var/lib/greeter", manifest.GetProperty("statePaths")[0].GetString());
        Assert.Equal("amd64", manifest.GetProperty("requires").GetProperty("architecture").GetString());
        Assert.True(manifest.GetProperty("layer").GetProperty("entries").GetInt64() >= 4);
    }

    [Fact]
    public async Task Inspect_ByLibraryName_SameDigestAsTheFile()
    {
        var byName = await HoistCli.RunAsync(TestHome.Shared, "package", "inspect", "greeter:1.2");
        using var file = PackageFile.Open(_package);

        Assert.Equal(0, byName.ExitCode);
        Assert.StartsWith($"greeter 1.2  {file.Digest}", byName.Stdout);
    }

    [Fact]
    public async Task Verify_Intact_ChecksEveryDigest()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "verify", _package);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("verified sha256:", result.Stdout);
        Assert.Contains("layer.tar.zst", result.Stdout);
    }

    [Fact]
    public async Task Verify_FlippedByteInLayer_ExitsTwoNamingTheLayer()
    {
        var damaged = _temp.Combine("flipped.hpkg");
        var bytes = await File.ReadAllBytesAsync(_package);
        using (var file = PackageFile.Open(_package))
        {
            bytes[file.LayerOffset + (file.LayerLength / 2)] ^= 0xFF;
        }

        await File.WriteAllBytesAsync(damaged, bytes);

        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "verify", damaged);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("layer.tar.zst does not match its digest in manifest.yaml", result.ErrorLine);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task InspectAndVerify_FlippedByteInManifest_ExitTwoNamingTheManifest()
    {
        var damaged = _temp.Combine("manifest.hpkg");
        var bytes = await File.ReadAllBytesAsync(_package);
        var at = Encoding.ASCII.GetString(bytes).IndexOf("name: greeter", StringComparison.Ordinal);
        bytes[at + 6] = (byte)'G';
        await File.WriteAllBytesAsync(damaged, bytes);

        foreach (var verb in new[] { "inspect", "verify" })
        {
            var result = await HoistCli.RunAsync(TestHome.Shared, "package", verb, damaged);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("manifest.yaml does not match its digest in index.json", result.ErrorLine);
        }
    }

    [Fact]
    public async Task InspectAndVerify_Truncated_ExitTwoSayingTruncated()
    {
        var damaged = _temp.Combine("truncated.hpkg");
        var bytes = await File.ReadAllBytesAsync(_package);
        await File.WriteAllBytesAsync(damaged, bytes[..(bytes.Length - 4096)]);

        foreach (var verb in new[] { "inspect", "verify" })
        {
            var result = await HoistCli.RunAsync(TestHome.Shared, "package", verb, damaged);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("layer.tar.zst is truncated", result.ErrorLine);
        }
    }

    [Theory]
    [InlineData("random")]
    [InlineData("empty")]
    [InlineData("text")]
    public async Task Inspect_NotAPackage_ExitsTwoSayingSo(string kind)
    {
        var file = _temp.Combine(kind + ".hpkg");
        await File.WriteAllBytesAsync(file, kind switch
        {
            "random" => System.Security.Cryptography.RandomNumberGenerator.GetBytes(3000),
            "empty" => [],
            _ => Encoding.ASCII.GetBytes("just some text\n"),
        });

        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "inspect", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a Hoist package", result.ErrorLine);
    }

    [Fact]
    public async Task Inspect_MissingFile_ExitsThree()
    {
        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "inspect", "/nonexistent/x.hpkg");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hoist: package file '/nonexistent/x.hpkg' does not exist", result.ErrorLine);
    }

    [Theory]
    [InlineData("../escape", "a path may not contain '..'")]
    [InlineData("dev-null", "device")]
    [InlineData("link-out", "points outside the layer root")]
    public async Task Verify_HostileLayer_IsRefusedNamingTheEntry(string kind, string reason)
    {
        var hostile = await HostilePackageAsync(kind);

        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "verify", hostile);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("layer entry '", result.ErrorLine);
        Assert.Contains(reason, result.ErrorLine);
    }

    [Fact]
    public async Task Check_CompatibleImages_PrintsCompatibleAndExitsZero()
    {
        foreach (var image in new[] { "bookworm", "trixie" })
        {
            var result = await HoistCli.RunAsync(TestHome.Shared, "package", "check", _package, "--image", image);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("compatible\n", result.Stdout);
        }
    }

    [Theory]
    [InlineData("arm64", null, null, 17, "architecture: the package is built for arm64, image 'bookworm' is amd64")]
    [InlineData(null, "2.99", null, 18, "glibc too old: the package needs GLIBC_2.99, image 'bookworm' has 2.36")]
    [InlineData(null, null, "libhoist-missing.so.7", 20, "missing libraries: libhoist-missing.so.7 is not on image 'bookworm'")]
    [InlineData("arm64", "2.99", "libhoist-missing.so.7", 23, "glibc too old")]
    public async Task Check_Incompatible_ExitCodeSaysWhich(string? architecture, string? glibc, string? library, int exitCode, string message)
    {
        var edited = await EditRequirementsAsync(architecture, glibc, library);

        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "check", edited, "--image", "bookworm");

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Stdout);
    }

    [Fact]
    public async Task Edit_FromManifestFile_MakesANewPackageWithANewDigest()
    {
        using var original = PackageFile.Open(_package);
        var yaml = Encoding.UTF8.GetString(original.ManifestBytes.Span).Replace("version: 1.2", "version: 1.3", StringComparison.Ordinal);
        var manifest = _temp.Combine("edited.yaml");
        await File.WriteAllTextAsync(manifest, yaml);
        var output = _temp.Combine("edited.hpkg");

        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "edit", _package, "--manifest", manifest, "-o", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var edited = PackageFile.Open(output);
        Assert.Equal("1.3", edited.Manifest.Version);
        Assert.NotEqual(original.Digest, edited.Digest);
        Assert.Equal(original.Manifest.Layer, edited.Manifest.Layer);
        Assert.Contains($"new package {edited.Digest} (was {original.Digest})", result.Stdout);
        Assert.Equal(0, (await HoistCli.RunAsync(TestHome.Shared, "package", "verify", "greeter:1.3")).ExitCode);
    }

    [Fact]
    public async Task Edit_InvalidManifest_ListsEveryProblemAndChangesNothing()
    {
        using var original = PackageFile.Open(_package);
        var yaml = Encoding.UTF8.GetString(original.ManifestBytes.Span)
            .Replace("name: greeter", "name: Greeter!", StringComparison.Ordinal)
            .Replace("version: 1.2", "version: one two", StringComparison.Ordinal);
        var manifest = _temp.Combine("bad.yaml");
        await File.WriteAllTextAsync(manifest, yaml);
        var before = TestHome.Library.Packages.List().Count;

        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "edit", _package, "--manifest", manifest);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the edited manifest has 2 problem(s): name: 'Greeter!'", result.ErrorLine);
        Assert.Contains("version: 'one two'", result.ErrorLine);
        Assert.Equal(before, TestHome.Library.Packages.List().Count);
    }

    [Fact]
    public async Task ListAndRemove_EditedCopy_Disappears()
    {
        using var original = PackageFile.Open(_package);
        var manifest = _temp.Combine("rm.yaml");
        await File.WriteAllTextAsync(manifest, Encoding.UTF8.GetString(original.ManifestBytes.Span).Replace("version: 1.2", "version: 9.9-rm", StringComparison.Ordinal));
        Assert.Equal(0, (await HoistCli.RunAsync(TestHome.Shared, "package", "edit", _package, "--manifest", manifest)).ExitCode);
        Assert.Contains("9.9-rm", (await HoistCli.RunAsync(TestHome.Shared, "package", "ls")).Stdout);

        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "rm", "greeter:9.9-rm");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("9.9-rm", (await HoistCli.RunAsync(TestHome.Shared, "package", "ls")).Stdout);
        Assert.Equal(3, (await HoistCli.RunAsync(TestHome.Shared, "package", "rm", "greeter:9.9-rm")).ExitCode);
    }

    public void Dispose() => _temp.Dispose();

    private async Task<string> EditRequirementsAsync(string? architecture, string? glibc, string? library)
    {
        using var original = PackageFile.Open(_package);
        var requires = original.Manifest.Requires;
        var changed = original.Manifest with
        {
            Requires = requires with
            {
                Architecture = architecture ?? requires.Architecture,
                Glibc = glibc ?? requires.Glibc,
                Libraries = library is null ? requires.Libraries : [.. requires.Libraries, library],
            },
        };
        var manifest = _temp.Combine($"requires-{Guid.NewGuid():n}.yaml");
        await File.WriteAllTextAsync(manifest, ManifestSerializer.Serialize(changed));
        var output = _temp.Combine($"requires-{Guid.NewGuid():n}.hpkg");
        var result = await HoistCli.RunAsync(TestHome.Shared, "package", "edit", _package, "--manifest", manifest, "-o", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        return output;
    }

    // A package whose manifest and digests are right but whose layer holds one hostile entry.
    private async Task<string> HostilePackageAsync(string kind)
    {
        var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(kind switch
            {
                "../escape" => new PaxTarEntry(TarEntryType.RegularFile, "../escape") { DataStream = new MemoryStream("x"u8.ToArray()) },
                "dev-null" => new PaxTarEntry(TarEntryType.CharacterDevice, "dev/null") { DeviceMajor = 1, DeviceMinor = 3 },
                _ => new PaxTarEntry(TarEntryType.SymbolicLink, "etc/link-out") { LinkName = "../../../etc/shadow" },
            });
        }

        var uncompressed = tar.ToArray();
        var compressed = new ZstdSharp.Compressor().Wrap(uncompressed).ToArray();
        var layer = _temp.Combine($"hostile-{Guid.NewGuid():n}.tar.zst");
        await File.WriteAllBytesAsync(layer, compressed);
        var manifest = new PackageManifest
        {
            Name = "hostile",
            Version = "1",
            Layer = new LayerInfo
            {
                Digest = Digest.Of(compressed).ToString(),
                Size = compressed.Length,
                DiffId = Digest.Of(uncompressed).ToString(),
                UncompressedSize = uncompressed.Length,
                Entries = 1,
            },
        };
        var path = _temp.Combine($"hostile-{Guid.NewGuid():n}.hpkg");
        await using (var output = File.Create(path))
        {
            await PackageFileWriter.WriteAsync(manifest, layer, output, CancellationToken.None);
        }

        return path;
    }
}
