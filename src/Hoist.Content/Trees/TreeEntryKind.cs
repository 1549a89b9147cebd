namespace Hoist.Content.Trees;

/// <summary>What a <see cref="TreeEntry"/> is. An overlayfs whiteout is a <see cref="CharDevice"/> 0:0.</summary>
public enum TreeEntryKind
{
    Directory,
    File,
    Symlink,

    /// <summary>Another name of the inode of an earlier entry (<see cref="TreeEntry.Link"/>).</summary>
    HardLink,
    CharDevice,
    BlockDevice,
    Fifo,
}
