using Hoist.Core.Errors;
using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Tests.Compatibility;

public sealed class CompatibilityCheckerTests
{
    private static readonly HostFacts Bookworm = new("bookworm", "amd64", "2.36", ["libc.so.6", "libm.so.6", "libssl.so.3"]);

    [Fact]
    public void Check_EverythingOffered_IsCompatibleWithExitCodeZero()
    {
        var report = CompatibilityChecker.Check(Needs("amd64", "2.34", "libssl.so.3", "libc.so.6"), Bookworm);

        Assert.True(report.IsCompatible);
        Assert.Empty(report.Problems);
        Assert.Equal((IncompatibilityKind)0, report.Kinds);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void Check_NoRequirements_IsCompatible()
    {
        Assert.True(CompatibilityChecker.Check(new Requirements(), Bookworm).IsCompatible);
        Assert.True(CompatibilityChecker.Check(new Requirements(), Bookworm with { Glibc = null, Libraries = [] }).IsCompatible);
    }

    [Fact]
    public void Check_OtherArchitecture_ReportsArchitectureWithExitCode17()
    {
        var report = CompatibilityChecker.Check(Needs("amd64", null), new HostFacts("trixie", "arm64", "2.41", []));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(IncompatibilityKind.Architecture, problem.Kind);
        Assert.Equal("architecture: the package is built for amd64, image 'trixie' is arm64", problem.Message);
        Assert.False(report.IsCompatible);
        Assert.Equal(17, report.ExitCode);
    }

    [Fact]
    public void Check_NewerGlibc_ReportsGlibcWithExitCode18()
    {
        var report = CompatibilityChecker.Check(Needs("amd64", "2.38"), Bookworm);

        var problem = Assert.Single(report.Problems);
        Assert.Equal(IncompatibilityKind.Glibc, problem.Kind);
        Assert.Equal("glibc too old: the package needs GLIBC_2.38, image 'bookworm' has 2.36", problem.Message);
        Assert.Equal(18, report.ExitCode);
    }

    [Theory]
    [InlineData("2.36")]
    [InlineData("2.9")]
    [InlineData("2.2.5")]
    [InlineData("GLIBC_2.36")]
    public void Check_SameOrOlderGlibc_Passes(string needed)
    {
        Assert.True(CompatibilityChecker.Check(Needs(null, needed), Bookworm).IsCompatible);
    }

    [Fact]
    public void Check_GlibcComparedByNumber_TwoTenIsNewerThanTwoNine()
    {
        var report = CompatibilityChecker.Check(Needs(null, "2.10"), Bookworm with { Glibc = "2.9" });

        Assert.Equal(IncompatibilityKind.Glibc, Assert.Single(report.Problems).Kind);
    }

    [Fact]
    public void Check_HostWithoutGlibc_ReportsGlibc()
    {
        var report = CompatibilityChecker.Check(Needs(null, "2.17"), Bookworm with { Glibc = null });

        Assert.Equal("glibc too old: the package needs GLIBC_2.17, image 'bookworm' has no glibc", Assert.Single(report.Problems).Message);
    }

    [Fact]
    public void Check_MissingLibraries_ListsThemWithExitCode20()
    {
        var report = CompatibilityChecker.Check(Needs(null, null, "libfoo.so.1", "libssl.so.3", "libbar.so.2"), Bookworm);

        var problem = Assert.Single(report.Problems);
        Assert.Equal(IncompatibilityKind.Libraries, problem.Kind);
        Assert.Equal("missing libraries: libfoo.so.1, libbar.so.2 are not on image 'bookworm'", problem.Message);
        Assert.Equal(20, report.ExitCode);
    }

    [Fact]
    public void Check_OneMissingLibrary_SaysIs()
    {
        var report = CompatibilityChecker.Check(Needs(null, null, "libfoo.so.1"), Bookworm);

        Assert.Equal("missing libraries: libfoo.so.1 is not on image 'bookworm'", Assert.Single(report.Problems).Message);
    }

    [Theory]
    [InlineData("arm64", "2.38", "libc.so.6", 19, IncompatibilityKind.Architecture | IncompatibilityKind.Glibc)]
    [InlineData("arm64", "2.17", "libfoo.so.1", 21, IncompatibilityKind.Architecture | IncompatibilityKind.Libraries)]
    [InlineData("amd64", "2.38", "libfoo.so.1", 22, IncompatibilityKind.Glibc | IncompatibilityKind.Libraries)]
    [InlineData("arm64", "2.38", "libfoo.so.1", 23, IncompatibilityKind.Architecture | IncompatibilityKind.Glibc | IncompatibilityKind.Libraries)]
    public void Check_SeveralProblems_ReportsEachAndSumsTheKinds(string architecture, string glibc, string library, int exitCode, IncompatibilityKind kinds)
    {
        var report = CompatibilityChecker.Check(Needs(architecture, glibc, library), Bookworm);

        Assert.Equal(kinds, report.Kinds);
        Assert.Equal(exitCode, report.ExitCode);
        Assert.Equal(report.Problems.Select(p => p.Kind).Order(), report.Problems.Select(p => p.Kind));
        Assert.All(report.Problems, p => Assert.DoesNotContain('\n', p.Message));
    }

    [Fact]
    public void Check_BadGlibcVersion_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<HoistException>(() => CompatibilityChecker.Check(Needs(null, "new"), Bookworm));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("'new'", error.Message);

        error = Assert.Throws<HoistException>(() => CompatibilityChecker.Check(Needs(null, "2.3"), Bookworm with { Glibc = "GLIBC_PRIVATE" }));
        Assert.Contains("image 'bookworm'", error.Message);
    }

    private static Requirements Needs(string? architecture, string? glibc, params string[] libraries) =>
        new() { Architecture = architecture, Glibc = glibc, Libraries = libraries };

    [Fact]
    public void Check_OthersMissing_CompatibleWithNotes()
    {
        var required = new Requirements
        {
            Architecture = "amd64",
            Glibc = "2.34",
            Libraries = ["libc.so.6"],
            Others = new OtherRequirements { Glibc = "2.40", Libraries = ["libcom_err.so.2"] },
        };

        var report = CompatibilityChecker.Check(required, new HostFacts("trixie", "amd64", "2.36", ["libc.so.6"]));

        Assert.True(report.IsCompatible);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(
            [
                "tools that came with the app (not its services) need libcom_err.so.2, not on image 'trixie'",
                "tools that came with the app (not its services) need GLIBC_2.40, image 'trixie' has 2.36",
            ],
            report.Notes);
    }
}
