using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Elf;
using Hoist.Packaging.Tests.Elf;

namespace Hoist.Packaging.Tests.Compatibility;

public sealed class RequirementScannerTests : IDisposable
{
    private const string LibDir = "/usr/lib/x86_64-linux-gnu";

    private readonly string _staging = Directory.CreateTempSubdirectory("hoist-scan-").FullName;

    public void Dispose() => Directory.Delete(_staging, recursive: true);

    [Fact]
    public async Task Scan_ProgramsAndCarriedLibraries_MatchesReadelf()
    {
        // dpkg-deb needs libz.so.1 and libmd.so.0, which this package carries with their symlinks.
        var elfFiles = new[] { "/usr/bin/dpkg-deb", "/usr/bin/ls", $"{LibDir}/libz.so.1.2.13", $"{LibDir}/libmd.so.0.0.5" };
        var files = elfFiles.Select(Copy).ToList();
        files.Add(new PackageFileRef($"{LibDir}/libz.so.1", null, IsSymlink: true));
        files.Add(new PackageFileRef($"{LibDir}/libmd.so.0", null, IsSymlink: true));
        files.Add(new PackageFileRef(LibDir, null));
        files.Add(Text("/usr/bin/hello", "#!/bin/sh\necho hello\n"));
        files.Add(Text("/usr/share/doc/hello/README", "libfake.so.1 is only a word here\n"));

        var requirements = RequirementScanner.Scan(files);

        var readelf = await Task.WhenAll(elfFiles.Select(Readelf.RunAsync));
        var carried = new HashSet<string> { "dpkg-deb", "ls", "libz.so.1.2.13", "libmd.so.0.0.5", "libz.so.1", "libmd.so.0", "hello", "README" };
        var expectedLibraries = readelf.SelectMany(r => r.Needed).Where(n => !carried.Contains(n)).Distinct().Order(StringComparer.Ordinal);
        var expectedGlibc = readelf.SelectMany(r => r.VersionNeeds)
            .Where(n => n.Version.StartsWith("GLIBC_2", StringComparison.Ordinal))
            .Select(n => GlibcVersion.Parse(n.Version))
            .Max();

        Assert.Equal("amd64", requirements.Architecture);
        Assert.Equal(expectedGlibc.ToString(), requirements.Glibc);
        Assert.Equal(expectedLibraries, requirements.Libraries);
        Assert.Contains("libc.so.6", requirements.Libraries);
        Assert.DoesNotContain("libz.so.1", requirements.Libraries);
        Assert.DoesNotContain("libmd.so.0", requirements.Libraries);
    }

    [Fact]
    public void Scan_CarriedLibrarySymlinkNotMarked_RequiresTheLibrary()
    {
        var files = new[]
        {
            Copy("/usr/bin/dpkg-deb"),
            Copy($"{LibDir}/libz.so.1.2.13"),
            new PackageFileRef($"{LibDir}/libz.so.1", null),
        };

        Assert.Contains("libz.so.1", RequirementScanner.Scan(files).Libraries);
    }

    [Fact]
    public void Scan_CarriedLibraryAsRegularFile_IsNotRequired()
    {
        var files = new[] { Copy("/usr/bin/dpkg-deb"), Copy($"{LibDir}/libz.so.1.2.13", $"/opt/app/lib/libz.so.1") };

        Assert.DoesNotContain("libz.so.1", RequirementScanner.Scan(files).Libraries);
    }

    [Fact]
    public void Scan_MixedArchitectures_TakesTheMostCommon()
    {
        var files = new[]
        {
            Copy("/usr/lib/arch-test/arm64", "/usr/bin/one"),
            Copy("/usr/lib/arch-test/arm64", "/usr/bin/two"),
            Copy("/usr/lib/arch-test/amd64", "/usr/bin/three"),
            Copy("/usr/lib/arch-test/alpha", "/usr/bin/unknown-1"),
            Copy("/usr/lib/arch-test/alpha", "/usr/bin/unknown-2"),
            Copy("/usr/lib/arch-test/alpha", "/usr/bin/unknown-3"),
        };

        var requirements = RequirementScanner.Scan(files);

        Assert.Equal("arm64", requirements.Architecture);
        Assert.Null(requirements.Glibc);
        Assert.Empty(requirements.Libraries);
    }

    [Fact]
    public void Scan_ArchitectureTie_TakesTheFirstNameInOrdinalOrder()
    {
        var files = new[] { Copy("/usr/lib/arch-test/arm64", "/usr/bin/one"), Copy("/usr/lib/arch-test/amd64", "/usr/bin/two") };

        Assert.Equal("amd64", RequirementScanner.Scan(files).Architecture);
    }

    [Fact]
    public void Scan_NoElfFile_RequiresNothing()
    {
        var requirements = RequirementScanner.Scan([Text("/usr/share/app/index.html", "<html/>"), new PackageFileRef("/usr/share/app", null)]);

        Assert.Null(requirements.Architecture);
        Assert.Null(requirements.Glibc);
        Assert.Empty(requirements.Libraries);
        Assert.Null(RequirementScanner.Scan([]).Architecture);
    }

    [Fact]
    public void Scan_CraftedVersionNeeds_TakesTheNewestGlibcOnly()
    {
        var image = new ElfImageBuilder
        {
            Needed = ["libc.so.6", "libcrypto.so.3"],
            VersionNeeds =
            [
                new("libc.so.6", "GLIBC_2.9"),
                new("libc.so.6", "GLIBC_2.10"),
                new("libc.so.6", "GLIBC_PRIVATE"),
                new("libcrypto.so.3", "OPENSSL_3.9.0"),
                new("libcrypto.so.3", "7.1"),
            ],
        }.Build();
        var path = Path.Combine(_staging, "crafted");
        File.WriteAllBytes(path, image);

        var requirements = RequirementScanner.Scan([new PackageFileRef("/usr/bin/crafted", path)]);

        Assert.Equal("2.10", requirements.Glibc);
        Assert.Equal(["libc.so.6", "libcrypto.so.3"], requirements.Libraries);
    }

    [Fact]
    public void Scan_WithEntryPoints_FollowsTheServiceThroughCarriedLibrariesAndSetsToolsApart()
    {
        // The service runs ls, which needs libselinux (carried, through a symlink), which needs
        // libpcre2 (not carried). zstd came with the app as a tool: what it needs goes to Others.
        var files = new List<PackageFileRef>
        {
            Copy("/usr/bin/ls", "/usr/sbin/app-daemon"),
            new("/usr/bin/app", null, IsSymlink: true, LinkTarget: "../sbin/app-daemon"),
            Copy($"{LibDir}/libselinux.so.1", $"{LibDir}/libselinux.so.1.0"),
            new($"{LibDir}/libselinux.so.1", null, IsSymlink: true, LinkTarget: "libselinux.so.1.0"),
            Copy("/usr/bin/zstd", "/usr/bin/zstd"),
        };

        var requirements = RequirementScanner.Scan(files, entryPoints: ["/usr/bin/app", "/bin/kill"]);

        Assert.Contains("libpcre2-8.so.0", requirements.Libraries);
        Assert.Contains("libc.so.6", requirements.Libraries);
        Assert.DoesNotContain("libselinux.so.1", requirements.Libraries);
        Assert.DoesNotContain("liblzma.so.5", requirements.Libraries);
        Assert.NotNull(requirements.Others);
        Assert.Equal(["liblz4.so.1", "liblzma.so.5", "libz.so.1"], requirements.Others!.Libraries);
    }

    [Fact]
    public void Scan_WithEntryPoints_CountsPluginsOutsideLibraryDirectories()
    {
        var files = new List<PackageFileRef>
        {
            Copy("/usr/bin/dash", "/usr/sbin/server"),
            Copy($"{LibDir}/libselinux.so.1", "/usr/lib/server/modules/mod_selinux.so"),
            Copy("/usr/bin/zstd", "/usr/bin/zstd"),
        };

        var requirements = RequirementScanner.Scan(files, entryPoints: ["/usr/sbin/server"]);

        Assert.Contains("libpcre2-8.so.0", requirements.Libraries);
        Assert.DoesNotContain("liblz4.so.1", requirements.Libraries);
    }

    [Fact]
    public void Scan_EntryPointIsAScript_CountsItsCarriedInterpreter()
    {
        var files = new List<PackageFileRef>
        {
            Text("/usr/bin/start-app", "#!/usr/lib/app/runtime --flag\nexec something\n"),
            Copy("/usr/bin/zstd", "/usr/lib/app/runtime"),
        };

        var requirements = RequirementScanner.Scan(files, entryPoints: ["/usr/bin/start-app"]);

        Assert.Contains("liblz4.so.1", requirements.Libraries);
        Assert.Null(requirements.Others);
    }

    private PackageFileRef Copy(string source) => Copy(source, source);

    private PackageFileRef Copy(string source, string pathInPackage)
    {
        Assert.True(File.Exists(source), $"{source} is missing: apt-get install -y dpkg coreutils zlib1g libmd0 arch-test");
        var disk = Path.Combine(_staging, Guid.NewGuid().ToString("n"));
        File.Copy(source, disk);
        return new PackageFileRef(pathInPackage, disk);
    }

    private PackageFileRef Text(string pathInPackage, string content)
    {
        var disk = Path.Combine(_staging, Guid.NewGuid().ToString("n"));
        File.WriteAllText(disk, content);
        return new PackageFileRef(pathInPackage, disk);
    }
}
