using Hoist.Content.Chunking;
using Hoist.Content.Interop;

namespace Hoist.Content.Trees;

/// <summary>One thing a scan found, before it becomes a <see cref="TreeEntry"/>.</summary>
internal sealed class ScanNode(string path, NodeStatus status, TreeEntryKind kind, IReadOnlyDictionary<string, byte[]> xattrs)
{
    public string Path { get; } = path;

    /// <summary>The stat the entry's metadata comes from: the file's own fstat when it was read.</summary>
    public NodeStatus Status { get; set; } = status;

    public TreeEntryKind Kind { get; } = kind;

    public IReadOnlyDictionary<string, byte[]> Xattrs { get; } = xattrs;

    /// <summary>A symlink's target.</summary>
    public string? Link { get; init; }

    /// <summary>A file's chunks, once read or taken from the cache.</summary>
    public IReadOnlyList<ChunkRef>? Chunks { get; set; }

    /// <summary>For another name of an inode met before: the node found first, whose content it shares.</summary>
    public ScanNode? SameInodeAs { get; set; }

    /// <summary>Gone (or become something else) between the directory listing and the read: not an entry.</summary>
    public bool Vanished { get; set; }

    /// <summary>True for a regular file with other names (in the tree or not). Only regular files
    /// become hard links: overlayfs makes its whiteouts links to one shared inode, an artefact that
    /// a recipe is better without (each whiteout stays a character device 0:0 of its own).</summary>
    public bool MayHaveLinks => Kind == TreeEntryKind.File && Status.LinkCount > 1;

    public (ulong Device, ulong Inode) InodeKey => (Status.Device, Status.Inode);
}
