using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class BillOfMaterialsTests
{
    private const string StatusBefore = """
        Package: libc6
        Status: install ok installed
        Priority: optional
        Architecture: amd64
        Multi-Arch: same
        Version: 2.36-9+deb12u7
        Description: GNU C Library: Shared libraries
         Contains the standard libraries that are used by nearly all programs on
         the system.

        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Version: 3.0.13-1~deb12u1
        Description: Secure Sockets Layer toolkit - shared libraries

        Package: mawk
        Status: install ok installed
        Architecture: amd64
        Version: 1.3.4.20200120-3.1

        Package: old-tool
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 0.9-1
        """;

    private const string StatusAfter = """
        package: libc6
        status: install ok installed
        architecture: amd64
        version: 2.36-9+deb12u7

        Package: libc6
        Status: install ok installed
        Architecture: i386
        Multi-Arch: same
        Version: 2.36-9+deb12u7

        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Version: 3.0.15-1~deb12u1

        Package: mawk
        Status: deinstall ok config-files
        Architecture: amd64
        Version: 1.3.4.20200120-3.1

        Package: kvstore-server
        Status: install ok installed
        Architecture: amd64
        Version: 5:7.0.15-1~deb12u1
        Depends: kvstore-tools (= 5:7.0.15-1~deb12u1)

        Package: kvstore-tools
        Status: install ok unpacked
        Architecture: amd64
        Version: 5:7.0.15-1~deb12u1

        Package: kvstore-doc
        Status: install ok installed
        Architecture: all
        Version: 5:7.0.15-1~deb12u1
        """;

    [Fact]
    public void Parse_StatusFile_ReadsEveryParagraphWithContinuationsAndAnyFieldCase()
    {
        var packages = DpkgStatus.Parse(StatusBefore);

        Assert.Equal(
            [
                new DpkgPackage("libc6", "2.36-9+deb12u7", "amd64", "install ok installed"),
                new DpkgPackage("libssl3", "3.0.13-1~deb12u1", "amd64", "install ok installed"),
                new DpkgPackage("mawk", "1.3.4.20200120-3.1", "amd64", "install ok installed"),
                new DpkgPackage("old-tool", "0.9-1", "amd64", "deinstall ok config-files"),
            ],
            packages);
        Assert.Equal(new DpkgPackage("libc6", "2.36-9+deb12u7", "amd64", "install ok installed"), DpkgStatus.Parse(StatusAfter)[0]);
    }

    [Fact]
    public void Parse_SamePackageForTwoArchitectures_GivesTwoEntries()
    {
        var packages = DpkgStatus.Parse(StatusAfter).Where(p => p.Name == "libc6").Select(p => p.Architecture);

        Assert.Equal(["amd64", "i386"], packages);
    }

    [Fact]
    public void Diff_NewUpgradedAndMultiArchPackages_AreInstalledSortedByName()
    {
        var diff = BillOfMaterials.Diff(DpkgStatus.Parse(StatusBefore), DpkgStatus.Parse(StatusAfter));

        Assert.Equal(
            [
                new BomEntry { Name = "kvstore-doc", Version = "5:7.0.15-1~deb12u1", Architecture = "all" },
                new BomEntry { Name = "kvstore-server", Version = "5:7.0.15-1~deb12u1", Architecture = "amd64" },
                new BomEntry { Name = "libc6", Version = "2.36-9+deb12u7", Architecture = "i386" },
                new BomEntry { Name = "libssl3", Version = "3.0.15-1~deb12u1", Architecture = "amd64", Replaced = "3.0.13-1~deb12u1" },
            ],
            diff.Installed);
    }

    [Fact]
    public void Diff_PackageLeftWithConfigFiles_IsRemoved()
    {
        var diff = BillOfMaterials.Diff(DpkgStatus.Parse(StatusBefore), DpkgStatus.Parse(StatusAfter));

        Assert.Equal(["mawk"], diff.Removed);
    }

    [Fact]
    public void Diff_HeldPackage_CountsAsInstalled()
    {
        var before = DpkgStatus.Parse("Package: a\nStatus: hold ok installed\nVersion: 1\nArchitecture: amd64\n");

        var diff = BillOfMaterials.Diff(before, before);

        Assert.Empty(diff.Installed);
        Assert.Empty(diff.Removed);
    }

    [Fact]
    public void Diff_OneArchitectureRemoved_NameStillInstalledIsNotRemoved()
    {
        var before = DpkgStatus.Parse(StatusAfter);
        var after = before.Where(p => p.Architecture != "i386").ToList();

        Assert.Empty(BillOfMaterials.Diff(before, after).Removed);
    }
}
