using Hoist.Linux;
using Hoist.Sequencing.Delta;

namespace Hoist.Sequencing.Tests.Delta;

public sealed class CaptureFilterTests
{
    [Theory]
    [InlineData("var/lib/dpkg/status", FileKind.Regular)]
    [InlineData("var/lib/dpkg", FileKind.Directory)]
    [InlineData("var/cache/apt/archives/x.deb", FileKind.Regular)]
    [InlineData("var/lib/apt/lists/deb.debian.org_Packages", FileKind.Regular)]
    [InlineData("etc/ld.so.cache", FileKind.Regular)]
    [InlineData("etc/machine-id", FileKind.Regular)]
    [InlineData("etc/passwd", FileKind.Regular)]
    [InlineData("etc/shadow-", FileKind.Regular)]
    [InlineData("tmp/x", FileKind.Regular)]
    [InlineData("run/redis", FileKind.Directory)]
    [InlineData("var/log/dpkg.log", FileKind.Regular)]
    [InlineData("etc/rc2.d/S01nginx", FileKind.Symlink)]
    [InlineData("etc/systemd/system/multi-user.target.wants/nginx.service", FileKind.Symlink)]
    [InlineData("var/lib/systemd/deb-systemd-helper-enabled/redis.service", FileKind.Regular)]
    public void IsArtifact_OsAndCaptureState_True(string path, FileKind kind)
    {
        Assert.True(CaptureFilter.IsArtifact(path, kind));
    }

    [Theory]
    [InlineData("usr/bin/redis-server", FileKind.Regular)]
    [InlineData("etc/redis/redis.conf", FileKind.Regular)]
    [InlineData("var/lib/redis", FileKind.Directory)]
    [InlineData("var/log/nginx", FileKind.Directory)]
    [InlineData("etc/systemd/system/redis.service", FileKind.Symlink)]
    [InlineData("usr/lib/systemd/system/nginx.service", FileKind.Regular)]
    [InlineData("var/lib/dpkgx", FileKind.Regular)]
    [InlineData("etc/rc2.d/README", FileKind.Regular)]
    public void IsArtifact_AppFiles_False(string path, FileKind kind)
    {
        Assert.False(CaptureFilter.IsArtifact(path, kind));
    }
}
