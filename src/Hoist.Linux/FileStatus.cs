namespace Hoist.Linux;

/// <summary>What lstat says of a file (never of a symlink's target).</summary>
public readonly record struct FileStatus(
    uint Mode,
    uint Uid,
    uint Gid,
    long Size,
    uint LinkCount,
    ulong Inode,
    ulong Device,
    uint RdevMajor,
    uint RdevMinor,
    long ModifiedSeconds,
    uint ModifiedNanoseconds)
{
    public FileKind Kind => (Mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.Symlink,
        0x2000 => FileKind.CharDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        _ => FileKind.Socket,
    };

    /// <summary>The permission bits, with setuid, setgid and sticky (mode &amp; 07777).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>The modification time, to the 100 ns that <see cref="DateTimeOffset"/> holds.</summary>
    public DateTimeOffset Modified =>
        DateTimeOffset.FromUnixTimeSeconds(ModifiedSeconds).AddTicks(ModifiedNanoseconds / 100);

    /// <summary>True for the character device 0:0 that overlayfs writes to mark a deleted file.</summary>
    public bool IsOverlayWhiteout => Kind == FileKind.CharDevice && RdevMajor == 0 && RdevMinor == 0;
}
