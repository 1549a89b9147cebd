namespace Hoist.Packaging.Layers;

/// <summary>
/// One thing in a package's file layer. <see cref="LayerWriter"/> writes a list of these in the
/// given order; <see cref="LayerReader"/> gives them back, each checked against the rules that
/// keep an extracted layer inside its directory.
/// </summary>
public sealed record LayerEntry
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs =
        new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>The path relative to the root: '/'-separated, with no leading or trailing '/', no
    /// empty, '.' or '..' component ("usr/bin/redis-server"). For a <see cref="LayerEntryKind.Whiteout"/>
    /// the deleted path; for an <see cref="LayerEntryKind.Opaque"/> the directory whose lower contents are hidden.</summary>
    public required string Path { get; init; }

    public required LayerEntryKind Kind { get; init; }

    /// <summary>The permission bits, with setuid, setgid and sticky (at most 07777).</summary>
    public uint Mode { get; init; }

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    /// <summary>The modification time; kept to the 100 ns that <see cref="DateTimeOffset"/> holds.</summary>
    public DateTimeOffset Modified { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>The content length of a <see cref="LayerEntryKind.File"/>; 0 for every other kind.</summary>
    public long Size { get; init; }

    /// <summary>A symlink's target as stored (absolute or relative); for a hard link the
    /// <see cref="Path"/> of an earlier file entry; null for every other kind.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>When writing a <see cref="LayerEntryKind.File"/>: where its content is on disk.
    /// Null on entries read from a layer.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Extended attributes by name, in ordinal order of name; values are binary.</summary>
    public IReadOnlyDictionary<string, byte[]> Xattrs { get; init; } = NoXattrs;
}
