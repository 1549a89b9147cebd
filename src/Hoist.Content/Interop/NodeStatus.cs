using Hoist.Linux;

namespace Hoist.Content.Interop;

/// <summary>What statx says of a file (never of a symlink's target), times in nanoseconds since 1970.</summary>
internal readonly record struct NodeStatus(
    uint Mode,
    uint Uid,
    uint Gid,
    long Size,
    uint LinkCount,
    ulong Inode,
    ulong Device,
    uint RdevMajor,
    uint RdevMinor,
    long MtimeNs,
    long CtimeNs)
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

    /// <summary>The permission bits, with setuid, setgid and sticky.</summary>
    public uint Permissions => Mode & 0xFFF;

    internal static NodeStatus From(in LibC.StatxBuffer b) => new(
        b.Mode, b.Uid, b.Gid, (long)b.Size, b.LinkCount, b.Inode,
        ((ulong)b.DevMajor << 32) | b.DevMinor, b.RdevMajor, b.RdevMinor,
        Nanoseconds(b.ModificationTime), Nanoseconds(b.ChangeTime));

    private static long Nanoseconds(LibC.StatxTimestamp t) => (t.Seconds * 1_000_000_000) + t.Nanoseconds;
}
