using System.Net.Sockets;
using Hoist.Core.Errors;
using Hoist.Linux;
using Hoist.Packaging.Layers;
using Hoist.Runtime.State;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>Reading real overlayfs upper directories, and refusing what a state archive cannot hold.</summary>
public sealed class UpperDirectoryReaderTests
{
    [Fact]
    public async Task Read_OverlayUpper_MapsEveryKindInLayerOrder()
    {
        using var temp = new TempDirectory("state-reader");
        var state = await SampleState.CreateAsync(temp, randomBytes: 1000);

        var entries = UpperDirectoryReader.Read(state.Upper).ToDictionary(e => e.Path + (e.Kind == LayerEntryKind.Opaque ? "#opaque" : ""));

        Assert.Equal(LayerEntryKind.Whiteout, entries["etc/gone.conf"].Kind);
        Assert.Equal(LayerEntryKind.Directory, entries["var/lib/app/old"].Kind);
        Assert.Equal(LayerEntryKind.Opaque, entries["var/lib/app/old#opaque"].Kind);
        Assert.False(entries.ContainsKey("var/lib/app/old/a"));
        Assert.Equal(LayerEntryKind.File, entries["var/lib/app/db/data.bin"].Kind);
        Assert.Equal(1000, entries["var/lib/app/db/data.bin"].Size);
        Assert.Equal((LayerEntryKind.HardLink, "var/lib/app/db/data.bin"), (entries["var/lib/app/db/hard"].Kind, entries["var/lib/app/db/hard"].LinkTarget));
        Assert.Equal((LayerEntryKind.Symlink, "../db/data.bin", 42u, 43u), (entries["var/lib/app/old/link"].Kind, entries["var/lib/app/old/link"].LinkTarget, entries["var/lib/app/old/link"].Uid, entries["var/lib/app/old/link"].Gid));
        Assert.Equal((0x1A0u, 1234u, 5678u), (entries["var/lib/app/db/key"].Mode, entries["var/lib/app/db/key"].Uid, entries["var/lib/app/db/key"].Gid));
        Assert.Equal(0x9EDu, entries["var/lib/app/setuid"].Mode);
        Assert.Equal(0x3FFu, entries["var/lib/app/sticky"].Mode);
        Assert.Equal(new DateTimeOffset(2001, 9, 9, 1, 46, 40, TimeSpan.Zero), entries["var/lib/app/old-mtime"].Modified);
        Assert.Equal(["trusted.hoist.mark", "user.hoist.note"], entries["var/lib/app/with-xattrs"].Xattrs.Keys);
        Assert.Equal([0, 1, 2, 255], entries["var/lib/app/with-xattrs"].Xattrs["user.hoist.note"]);
        Assert.Equal(["user.hoist.origin"], entries["data/with-xattr"].Xattrs.Keys);
        Assert.Equal(["user.hoist.dir"], entries["var/lib/app/xattr-dir"].Xattrs.Keys);
        Assert.DoesNotContain(entries.Values, e => e.Xattrs.Keys.Any(k => k.StartsWith("trusted.overlay.", StringComparison.Ordinal)));
        Assert.True(entries.ContainsKey("var/lib/app/" + SampleState.LongName));
        Assert.True(entries.ContainsKey("var/lib/app/with space, ümlaut"));
    }

    [Fact]
    public async Task Read_OverlayUpper_EachDirectoryBeforeWhatItHolds()
    {
        using var temp = new TempDirectory("state-reader");
        var state = await SampleState.CreateAsync(temp, randomBytes: 1000);

        var paths = UpperDirectoryReader.Read(state.Upper).Select(e => e.Path).ToList();

        foreach (var (path, at) in paths.Select((p, i) => (p, i)).Where(x => x.p.Contains('/')))
        {
            var parent = path[..path.LastIndexOf('/')];
            Assert.True(paths.IndexOf(parent) is >= 0 and var p && p < at, $"{parent} does not come before {path}");
        }
    }

    [Fact]
    public async Task ReadRoot_OverlayUpper_OwnerModeAndNoOverlayXattrs()
    {
        using var temp = new TempDirectory("state-reader");
        var state = await SampleState.CreateAsync(temp, randomBytes: 1000);
        LinuxFiles.SetXattr(state.Upper, "user.hoist.root", "r"u8);
        FileMetadata.SetMode(state.Upper, 0x1E8); // 0750

        var root = UpperDirectoryReader.ReadRoot(state.Upper);

        Assert.Equal((0x1E8u, 0u, 0u), (root.Mode, root.Uid, root.Gid));
        Assert.Equal(["user.hoist.root"], root.Xattrs.Keys);
    }

    [Fact]
    public async Task Read_RedirectDirOn_RefusesTheRenamedDirectory()
    {
        using var temp = new TempDirectory("state-reader");
        Directory.CreateDirectory(temp.Combine("lower", "data", "inside"));
        foreach (var name in new[] { "upper", "work", "merged" })
        {
            Directory.CreateDirectory(temp.Combine(name));
        }

        await Shell.InPrivateMountsAsync("""
            mount -t overlay overlay -o "lowerdir=$LOWER,upperdir=$UPPER,workdir=$WORK,redirect_dir=on,index=off,metacopy=off" "$MERGED"
            mv "$MERGED/data" "$MERGED/moved"
            """, new Dictionary<string, string?>
        {
            ["LOWER"] = temp.Combine("lower"),
            ["UPPER"] = temp.Combine("upper"),
            ["WORK"] = temp.Combine("work"),
            ["MERGED"] = temp.Combine("merged"),
        });

        var error = Assert.Throws<HoistException>(() => UpperDirectoryReader.Read(temp.Combine("upper")));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains($"{temp.Combine("upper", "moved")} has the xattr trusted.overlay.redirect", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fifo", "is a FIFO (named pipe)")]
    [InlineData("char", "is a character device (not an overlayfs whiteout)")]
    [InlineData("block", "is a block device")]
    [InlineData("socket", "is a socket")]
    public async Task Read_SpecialFile_RefusedNamingThePath(string kind, string problem)
    {
        using var temp = new TempDirectory("state-reader");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var path = temp.Combine("upper", "var", "lib", "app", "special");

        // Closing a bound socket removes its file: it stays open until the end of the test.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        switch (kind)
        {
            case "fifo":
                await Shell.RunAsync("mkfifo", path);
                break;
            case "char":
                await Shell.RunAsync("mknod", path, "c", "1", "3");
                break;
            case "block":
                await Shell.RunAsync("mknod", path, "b", "7", "0");
                break;
            default:
                socket.Bind(new UnixDomainSocketEndPoint(path));
                break;
        }

        var error = Assert.Throws<HoistException>(() => UpperDirectoryReader.Read(upper));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal($"cannot save the state in {upper}: {path} {problem}", error.Message);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public async Task Read_MountPointInside_Refused()
    {
        using var temp = new TempDirectory("state-reader");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var mountPoint = temp.Combine("upper", "var", "lib", "app", "volume");
        HoistException error;
        await using (await TestMount.TmpfsAsync(mountPoint, "1m"))
        {
            error = Assert.Throws<HoistException>(() => UpperDirectoryReader.Read(upper));
        }

        Assert.Equal($"cannot save the state in {upper}: {mountPoint} is a mount point: the state layer is one filesystem", error.Message);
        Assert.Empty(Hoist.Core.Storage.Mounts.Below(temp.Path));
    }

    [Fact]
    public void Read_MissingDirectory_NotFound()
    {
        using var temp = new TempDirectory("state-reader");

        var error = Assert.Throws<HoistException>(() => UpperDirectoryReader.Read(temp.Combine("missing")));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal($"state directory {temp.Combine("missing")} does not exist", error.Message);
    }

    [Fact]
    public void Read_AFile_FailedPrecondition()
    {
        using var temp = new TempDirectory("state-reader");
        File.WriteAllText(temp.Combine("file"), "not a directory");

        var error = Assert.Throws<HoistException>(() => UpperDirectoryReader.Read(temp.Combine("file")));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
    }
}
