using System.Text;
using Hoist.Linux;
using Hoist.Packaging.Layers;
using Hoist.Sequencing.Delta;
using Hoist.Testing;

namespace Hoist.Sequencing.Tests.Delta;

/// <summary>The scanner against hand-made upper and lower trees, in the overlayfs on-disk format
/// (whiteouts are character devices 0:0, opaque directories carry trusted.overlay.opaque).</summary>
public sealed class DeltaScannerTests : IDisposable
{
    private readonly TempDirectory _temp = new("delta");

    public DeltaScannerTests()
    {
        Prerequisites.RequireRoot();
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Lower);
    }

    private string Upper => _temp.Combine("upper");

    private string Lower => _temp.Combine("lower");

    [Fact]
    public void Scan_AddedFileInExistingDirectory_KeepsParentAndFile()
    {
        Write(Lower, "usr/bin/ls", "ls");
        Write(Upper, "usr/bin/redis-server", "redis");

        var delta = DeltaScanner.Scan(Upper, Lower);

        Assert.Equal(["usr", "usr/bin", "usr/bin/redis-server"], delta.Items.Select(i => i.Path));
        var file = delta.Items[^1];
        Assert.Equal(LayerEntryKind.File, file.Kind);
        Assert.False(file.ExistedBefore);
        Assert.True(delta.Items[1].ExistedBefore);
    }

    [Fact]
    public void Scan_CopyUpWithSameContentAndMetadata_IsLeftOut()
    {
        Write(Lower, "etc/pam.d/common-account", "same");
        Write(Upper, "etc/pam.d/common-account", "same");
        Write(Lower, "etc/pam.d/common-auth", "before");
        Write(Upper, "etc/pam.d/common-auth", "after");

        var delta = DeltaScanner.Scan(Upper, Lower);

        Assert.Equal(["etc", "etc/pam.d", "etc/pam.d/common-auth"], delta.Items.Select(i => i.Path));
        Assert.Equal(1, delta.Unchanged);
    }

    [Fact]
    public void Scan_ChangedModeOnly_IsKept()
    {
        Write(Lower, "usr/bin/tool", "x");
        Write(Upper, "usr/bin/tool", "x");
        File.SetUnixFileMode(Path.Combine(Upper, "usr/bin/tool"), (UnixFileMode)Convert.ToInt32("4755", 8));

        var delta = DeltaScanner.Scan(Upper, Lower);

        Assert.Equal(Convert.ToUInt32("4755", 8), delta.Items.Single(i => i.Path == "usr/bin/tool").Status.Permissions);
    }

    [Fact]
    public void Scan_CaptureArtifacts_AreStrippedWithTheirOnlyParents()
    {
        Write(Lower, "var/lib/dpkg/status", "old");
        Write(Upper, "var/lib/dpkg/status", "new");
        Write(Upper, "var/cache/apt/archives/redis.deb", "deb");
        Write(Upper, "etc/passwd", "root:x:0:0::/root:/bin/sh\nredis:x:100:101::/var/lib/redis:/usr/sbin/nologin\n");
        Write(Upper, "etc/ld.so.cache", "cache");
        Directory.CreateDirectory(Path.Combine(Upper, "var/lib/redis"));
        Directory.CreateDirectory(Path.Combine(Upper, "etc/rc2.d"));
        File.CreateSymbolicLink(Path.Combine(Upper, "etc/rc2.d/S01redis-server"), "../init.d/redis-server");

        var delta = DeltaScanner.Scan(Upper, Lower);

        Assert.Equal(["var", "var/lib", "var/lib/redis"], delta.Items.Select(i => i.Path));
        Assert.Equal(5, delta.Stripped);
    }

    [Fact]
    public void Scan_Whiteout_BecomesWhiteoutEntry()
    {
        Write(Lower, "etc/motd", "hello");
        Directory.CreateDirectory(Path.Combine(Upper, "etc"));
        MakeWhiteout(Path.Combine(Upper, "etc/motd"));

        var delta = DeltaScanner.Scan(Upper, Lower);

        var whiteout = delta.Items.Single(i => i.Path == "etc/motd");
        Assert.Equal(LayerEntryKind.Whiteout, whiteout.Kind);
        Assert.True(whiteout.ExistedBefore);
    }

    [Fact]
    public void Scan_OpaqueDirectory_GivesOpaqueMarkerAndNewChildren()
    {
        Write(Lower, "opt/app/old.txt", "old");
        Write(Upper, "opt/app/new.txt", "new");
        LinuxFiles.SetXattr(Path.Combine(Upper, "opt/app"), "trusted.overlay.opaque", "y"u8);

        var delta = DeltaScanner.Scan(Upper, Lower);

        Assert.Equal(
            [("opt", LayerEntryKind.Directory), ("opt/app", LayerEntryKind.Directory), ("opt/app", LayerEntryKind.Opaque), ("opt/app/new.txt", LayerEntryKind.File)],
            delta.Items.Select(i => (i.Path, i.Kind)));
        Assert.False(delta.Items[^1].ExistedBefore);
        Assert.DoesNotContain(delta.Items, i => i.Xattrs.Keys.Any(k => k.StartsWith("trusted.overlay.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Scan_HardLinks_BecomeOneFileAndLinksToIt()
    {
        Write(Upper, "usr/bin/a", "same inode");
        File.CreateSymbolicLink(Path.Combine(Upper, "usr/bin/c"), "a");
        CreateHardLink(Path.Combine(Upper, "usr/bin/a"), Path.Combine(Upper, "usr/bin/b"));

        var delta = DeltaScanner.Scan(Upper, Lower);

        Assert.Equal(LayerEntryKind.File, delta.Items.Single(i => i.Path == "usr/bin/a").Kind);
        var link = delta.Items.Single(i => i.Path == "usr/bin/b");
        Assert.Equal((LayerEntryKind.HardLink, "usr/bin/a"), (link.Kind, link.LinkTarget));
        var symlink = delta.Items.Single(i => i.Path == "usr/bin/c");
        Assert.Equal((LayerEntryKind.Symlink, "a"), (symlink.Kind, symlink.LinkTarget));
    }

    [Fact]
    public void Scan_UserXattr_IsKept()
    {
        Write(Upper, "usr/bin/ping", "ping");
        LinuxFiles.SetXattr(Path.Combine(Upper, "usr/bin/ping"), "user.hoist", [1, 2, 0, 255]);

        var delta = DeltaScanner.Scan(Upper, Lower);

        Assert.Equal(new byte[] { 1, 2, 0, 255 }, delta.Items.Single(i => i.Path == "usr/bin/ping").Xattrs["user.hoist"]);
    }

    public void Dispose() => _temp.Dispose();

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, Encoding.UTF8);
    }

    private static void MakeWhiteout(string path)
    {
        var result = Hoist.Core.Processes.ProcessRunner.RunAsync(new Hoist.Core.Processes.ProcessSpec("mknod", path, "c", "0", "0"), CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(0, result.ExitCode);
    }

    private static void CreateHardLink(string existing, string link)
    {
        var result = Hoist.Core.Processes.ProcessRunner.RunAsync(new Hoist.Core.Processes.ProcessSpec("ln", existing, link), CancellationToken.None).GetAwaiter().GetResult();
        Assert.Equal(0, result.ExitCode);
    }
}
