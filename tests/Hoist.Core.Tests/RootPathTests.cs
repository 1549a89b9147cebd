using Hoist.Core.Processes;
using Hoist.Core.Storage;

namespace Hoist.Core.Tests;

public sealed class RootPathTests : IDisposable
{
    private readonly string _root;

    public RootPathTests()
    {
        _root = Directory.CreateTempSubdirectory("hoist-rootpath-").FullName;
        Directory.CreateDirectory(Host("usr/lib/x86_64-linux-gnu"));
        Directory.CreateDirectory(Host("etc"));
        File.WriteAllText(Host("usr/lib/os-release"), "ID=fake\n");
        File.WriteAllText(Host("usr/lib/x86_64-linux-gnu/libc.so.6"), "not really libc");
        File.CreateSymbolicLink(Host("lib"), "usr/lib");
        File.CreateSymbolicLink(Host("etc/os-release"), "../usr/lib/os-release");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Resolve_NoLinks_ReturnsPathUnderRoot()
    {
        Assert.Equal(Host("usr/lib/os-release"), RootPath.Resolve(_root, "/usr/lib/os-release"));
    }

    [Fact]
    public void Resolve_RelativeLinkInTheMiddle_FollowsIt()
    {
        Assert.Equal(Host("usr/lib/x86_64-linux-gnu/libc.so.6"), RootPath.Resolve(_root, "/lib/x86_64-linux-gnu/libc.so.6"));
    }

    [Fact]
    public void Resolve_LastComponentIsRelativeLink_FollowsIt()
    {
        Assert.Equal(Host("usr/lib/os-release"), RootPath.Resolve(_root, "/etc/os-release"));
    }

    [Fact]
    public void Resolve_AbsoluteLinkTarget_RestartsAtRoot()
    {
        // On the host, /usr/lib/os-release is the host's own file: the image's must be read.
        File.CreateSymbolicLink(Host("etc/absolute"), "/usr/lib/os-release");
        File.CreateSymbolicLink(Host("usr/lib/x86_64-linux-gnu/libc.so"), "/lib/x86_64-linux-gnu/libc.so.6");

        Assert.Equal(Host("usr/lib/os-release"), RootPath.Resolve(_root, "/etc/absolute"));
        Assert.Equal(Host("usr/lib/x86_64-linux-gnu/libc.so.6"), RootPath.Resolve(_root, "/usr/lib/x86_64-linux-gnu/libc.so"));
    }

    [Fact]
    public void Resolve_DotDotAboveRoot_StopsAtRoot()
    {
        File.CreateSymbolicLink(Host("etc/escape"), "../../../../../../etc/os-release");

        Assert.Equal(Host("etc"), RootPath.Resolve(_root, "/../../../etc"));
        Assert.Equal(Host("usr/lib/os-release"), RootPath.Resolve(_root, "/etc/escape"));
        Assert.Equal(_root, RootPath.Resolve(_root, "/.."));
    }

    [Fact]
    public void Resolve_DotDotAfterLink_ClimbsFromTheLinkTarget()
    {
        // Like the kernel, .. after a symlink leaves the link's target, not the link's directory.
        Directory.CreateDirectory(Host("srv/data"));
        File.CreateSymbolicLink(Host("etc/data"), "/srv/data");

        Assert.Equal(Host("srv/other"), RootPath.Resolve(_root, "/etc/data/../other"));
    }

    [Fact]
    public void Resolve_MissingFile_ReturnsWhereItWouldBe()
    {
        Assert.Equal(Host("usr/lib/missing/deeper/file"), RootPath.Resolve(_root, "/lib/missing/deeper/file"));
        Assert.Equal(Host("usr/lib/os-release/below"), RootPath.Resolve(_root, "/etc/os-release/below"));
    }

    [Fact]
    public void Resolve_DanglingLink_ReturnsItsTarget()
    {
        File.CreateSymbolicLink(Host("etc/mtab"), "/proc/self/mounts");

        Assert.Equal(Host("proc/self/mounts"), RootPath.Resolve(_root, "/etc/mtab"));
    }

    [Fact]
    public void Resolve_DotsSlashesAndRelativePath_AreNormalized()
    {
        Assert.Equal(Host("usr/lib/os-release"), RootPath.Resolve(_root + "/", "//usr/./lib//os-release/"));
        Assert.Equal(Host("usr/lib/os-release"), RootPath.Resolve(_root, "etc/os-release"));
        Assert.Equal(_root, RootPath.Resolve(_root, "/"));
    }

    [Fact]
    public void Resolve_LinkLoop_ThrowsTooManyLevels()
    {
        File.CreateSymbolicLink(Host("a"), "b");
        File.CreateSymbolicLink(Host("b"), "/a");
        File.CreateSymbolicLink(Host("self"), "self");

        var error = Assert.Throws<IOException>(() => RootPath.Resolve(_root, "/a/file"));
        Assert.Contains("too many levels of symbolic links", error.Message);
        Assert.Throws<IOException>(() => RootPath.Resolve(_root, "/self"));
    }

    [Fact]
    public void Resolve_FortyLinksInAChain_AreFollowedButFortyOneAreNot()
    {
        File.WriteAllText(Host("end"), "end");
        File.CreateSymbolicLink(Host("l0"), "end");
        for (var i = 1; i <= 40; i++)
        {
            File.CreateSymbolicLink(Host($"l{i}"), $"l{i - 1}");
        }

        Assert.Equal(Host("end"), RootPath.Resolve(_root, "/l39"));
        Assert.Throws<IOException>(() => RootPath.Resolve(_root, "/l40"));
    }

    [Fact]
    public async Task Resolve_HostRoot_MatchesRealpath()
    {
        // On Debian /bin/sh goes through /bin -> usr/bin and sh -> dash.
        var realpath = await ProcessRunner.RunCheckedAsync(new ProcessSpec("realpath", "/bin/sh", "/etc/os-release"), "realpath", CancellationToken.None);
        var expected = realpath.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected[0], RootPath.Resolve("/", "/bin/sh"));
        Assert.Equal(expected[1], RootPath.Resolve("/", "/etc/os-release"));
    }

    private string Host(string relative) => Path.Combine(_root, relative);
}
