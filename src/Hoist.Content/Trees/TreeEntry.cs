using Hoist.Content.Chunking;

namespace Hoist.Content.Trees;

/// <summary>
/// One thing in a directory tree, with the metadata a sync restores. Metadata fields of a
/// <see cref="TreeEntryKind.HardLink"/> are left at their defaults: the inode's metadata is that of
/// the entry it links to.
/// </summary>
public sealed record TreeEntry
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs =
        new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>The path relative to the tree's root, '/'-separated, with no leading or trailing
    /// '/' and no empty, '.' or '..' component; "" for the root itself.</summary>
    public required string Path { get; init; }

    public required TreeEntryKind Kind { get; init; }

    /// <summary>The permission bits with setuid, setgid and sticky (mode &amp; 07777). A symlink's are
    /// not restored (Linux cannot set them).</summary>
    public uint Mode { get; init; }

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    /// <summary>The modification time in nanoseconds since 1970-01-01 UTC (negative before).</summary>
    public long MtimeNs { get; init; }

    /// <summary>A <see cref="TreeEntryKind.File"/>'s length (the sum of its chunks' sizes); 0 for
    /// every other kind.</summary>
    public long Size { get; init; }

    /// <summary>A symlink's target, as stored (absolute or relative; never followed); for a
    /// <see cref="TreeEntryKind.HardLink"/>, the path of the first entry with that inode; null for
    /// every other kind.</summary>
    public string? Link { get; init; }

    /// <summary>A device's major number; 0 for every other kind.</summary>
    public uint Major { get; init; }

    /// <summary>A device's minor number; 0 for every other kind.</summary>
    public uint Minor { get; init; }

    /// <summary>Extended attributes by name, values binary. Of overlayfs's own only
    /// trusted.overlay.opaque is ever kept.</summary>
    public IReadOnlyDictionary<string, byte[]> Xattrs { get; init; } = NoXattrs;

    /// <summary>A <see cref="TreeEntryKind.File"/>'s content, in order; none for every other kind.</summary>
    public IReadOnlyList<ChunkRef> Chunks { get; init; } = [];

    /// <summary>True for an overlayfs whiteout: the character device 0:0.</summary>
    public bool IsWhiteout => Kind == TreeEntryKind.CharDevice && Major == 0 && Minor == 0;
}
