using System.Text.Json;
using Hoist.Core.Storage;
using Hoist.Testing;

namespace Hoist.Cli.Tests;

public sealed class ImageCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("cli-image");
    private readonly HoistHome _home;

    public ImageCommandTests()
    {
        Prerequisites.RequireRoot();
        _home = new HoistHome(_temp.Combine("home"));
    }

    [Fact]
    public async Task Build_ReleaseAlreadyBuilt_ReturnsAtOnceSayingSo()
    {
        await TestImages.GetAsync("bookworm");

        var result = await HoistCli.RunAsync(TestHome.Shared, "image", "build", "bookworm", "--release", "bookworm");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("image bookworm is already built (Debian GNU/Linux 12 (bookworm), amd64, glibc 2.36", result.Stdout);
    }

    [Fact]
    public async Task Build_UnknownRelease_ExitsTwoNamingIt()
    {
        var result = await HoistCli.RunAsync(_home, "image", "build", "x", "--release", "hamm");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("hoist: release 'hamm' is not one Hoist builds; use one of: bullseye, bookworm, trixie", result.ErrorLine);
    }

    [Fact]
    public async Task Build_MissingRelease_IsAUsageError()
    {
        var result = await HoistCli.RunAsync(_home, "image", "build", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--release", result.ErrorLine);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Import_DirectoryThenList_ShowsTheImageFacts()
    {
        var root = MiniRoot.Create(_temp.Combine("root"), "Tiny OS 1");

        var import = await HoistCli.RunAsync(_home, "image", "import", "tiny", root);
        var list = await HoistCli.RunAsync(_home, "image", "ls", "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.StartsWith("image tiny: Tiny OS 1, amd64, glibc 2.", import.Stdout);
        var image = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal("tiny", image.GetProperty("name").GetString());
        Assert.Equal("amd64", image.GetProperty("architecture").GetString());
        Assert.StartsWith("sha256:", image.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Import_NotAnOsRoot_ExitsTwoAndLeavesNothing()
    {
        var notRoot = _temp.Combine("photos");
        Directory.CreateDirectory(notRoot);
        await File.WriteAllTextAsync(Path.Combine(notRoot, "cat.jpg"), "meow");
        var before = Leftovers.Take(_home);

        var result = await HoistCli.RunAsync(_home, "image", "import", "photos", notRoot);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not an OS root filesystem", result.ErrorLine);
        Assert.Equal(string.Empty, (await HoistCli.RunAsync(_home, "image", "ls")).Stdout.Split('\n').Skip(1).FirstOrDefault() ?? string.Empty);
        Leftovers.Take(_home).AssertNothingLeftSince(before);
    }

    [Fact]
    public async Task Import_MissingSource_ExitsThree()
    {
        var result = await HoistCli.RunAsync(_home, "image", "import", "ghost", "/nonexistent/rootfs.tar");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("hoist: '/nonexistent/rootfs.tar' does not exist", result.ErrorLine);
    }

    [Fact]
    public async Task Remove_UnknownImage_ExitsThreeWithAHint()
    {
        var result = await HoistCli.RunAsync(_home, "image", "rm", "nope");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hoist: image 'nope' not found; see 'hoist image ls', or build it with 'hoist image build NAME --release bookworm'", result.ErrorLine);
    }

    [Fact]
    public async Task Remove_Imported_IsGone()
    {
        var root = MiniRoot.Create(_temp.Combine("root"));
        Assert.Equal(0, (await HoistCli.RunAsync(_home, "image", "import", "brief", root)).ExitCode);

        var result = await HoistCli.RunAsync(_home, "image", "rm", "brief");

        Assert.Equal((0, "removed image brief\n"), (result.ExitCode, result.Stdout));
        Assert.False(Directory.Exists(Path.Combine(_home.Images, "brief")));
    }

    public void Dispose() => _temp.Dispose();
}
