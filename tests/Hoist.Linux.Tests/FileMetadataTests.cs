namespace Hoist.Linux.Tests;

public sealed class FileMetadataTests
{
    [Fact]
    public void SetOwner_File_ChangesUidAndGid()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("file");
        File.WriteAllText(path, "x");

        FileMetadata.SetOwner(path, 1234, 5678);

        var status = LinuxFiles.LStat(path);
        Assert.Equal(1234u, status.Uid);
        Assert.Equal(5678u, status.Gid);
    }

    [Fact]
    public void SetOwner_Symlink_ChangesTheLinkNotItsTarget()
    {
        using var temp = new TempDirectory();
        var target = temp.Combine("target");
        File.WriteAllText(target, "x");
        var link = temp.Combine("link");
        File.CreateSymbolicLink(link, target);

        FileMetadata.SetOwner(link, 4321, 8765);

        Assert.Equal(4321u, LinuxFiles.LStat(link).Uid);
        Assert.Equal(8765u, LinuxFiles.LStat(link).Gid);
        Assert.Equal(0u, LinuxFiles.LStat(target).Uid);
    }

    [Fact]
    public void SetOwner_Missing_ThrowsEnoent()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<LinuxException>(() => FileMetadata.SetOwner(temp.Combine("missing"), 1, 1));

        Assert.Equal(Errno.ENOENT, error.Errno);
        Assert.Equal("lchown", error.Call);
    }

    [Fact]
    public void SetModifiedTime_Symlink_SetsTheLinkTimeToTheTickAndLeavesTheTarget()
    {
        using var temp = new TempDirectory();
        var target = temp.Combine("target");
        File.WriteAllText(target, "x");
        var targetBefore = LinuxFiles.LStat(target).Modified;
        var link = temp.Combine("link");
        File.CreateSymbolicLink(link, "target");
        var time = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000).AddTicks(1_234_567);

        FileMetadata.SetModifiedTime(link, time);

        var status = LinuxFiles.LStat(link);
        Assert.Equal(FileKind.Symlink, status.Kind);
        Assert.Equal(1_600_000_000, status.ModifiedSeconds);
        Assert.Equal(123_456_700u, status.ModifiedNanoseconds);
        Assert.Equal(time, status.Modified);
        Assert.Equal(targetBefore, LinuxFiles.LStat(target).Modified);
    }

    [Fact]
    public void SetModifiedTime_Before1970_RoundsTowardsTheEarlierSecond()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("old");
        File.WriteAllText(path, "x");
        var time = DateTimeOffset.UnixEpoch.AddTicks(-15_000_000); // -1.5 s

        FileMetadata.SetModifiedTime(path, time);

        var status = LinuxFiles.LStat(path);
        Assert.Equal(-2, status.ModifiedSeconds);
        Assert.Equal(500_000_000u, status.ModifiedNanoseconds);
    }

    [Fact]
    public void CreateOverlayWhiteout_NewPath_MakesCharacterDevice00()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("deleted");

        FileMetadata.CreateOverlayWhiteout(path);

        var status = LinuxFiles.LStat(path);
        Assert.Equal(FileKind.CharDevice, status.Kind);
        Assert.True(status.IsOverlayWhiteout);
    }

    [Fact]
    public void CreateOverlayWhiteout_PathExists_ThrowsEexist()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("there");
        File.WriteAllText(path, "x");

        var error = Assert.Throws<LinuxException>(() => FileMetadata.CreateOverlayWhiteout(path));

        Assert.Equal(17, error.Errno); // EEXIST
    }

    [Fact]
    public void CreateHardLink_File_SharesTheInode()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("file");
        File.WriteAllText(path, "content");

        FileMetadata.CreateHardLink(path, temp.Combine("link"));

        Assert.Equal(LinuxFiles.LStat(path).Inode, LinuxFiles.LStat(temp.Combine("link")).Inode);
        Assert.Equal(2u, LinuxFiles.LStat(path).LinkCount);
        Assert.Equal("content", File.ReadAllText(temp.Combine("link")));
    }

    [Fact]
    public void SetMode_SetuidAndSticky_AreKept()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("program");
        File.WriteAllText(path, "x");

        FileMetadata.SetMode(path, 0xDED); // 06755

        Assert.Equal(0xDEDu, LinuxFiles.LStat(path).Permissions);
    }

    [Fact]
    public void CreateDirectory_OverSymlink_ThrowsEexistAndCreatesNothing()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("real"));
        File.CreateSymbolicLink(temp.Combine("link"), "real");

        var error = Assert.Throws<LinuxException>(() => FileMetadata.CreateDirectory(temp.Combine("link"), 0x1ED));

        Assert.Equal(17, error.Errno);
        Assert.Equal(FileKind.Symlink, LinuxFiles.LStat(temp.Combine("link")).Kind);
    }

    [Fact]
    public void CreateDirectory_New_HasTheMode()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("dir");

        FileMetadata.CreateDirectory(path, 0x1C0); // 0700

        Assert.Equal(FileKind.Directory, LinuxFiles.LStat(path).Kind);
        Assert.Equal(0x1C0u, LinuxFiles.LStat(path).Permissions);
    }
}
