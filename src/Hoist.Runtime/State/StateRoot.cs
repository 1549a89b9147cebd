namespace Hoist.Runtime.State;

/// <summary>
/// The metadata of the state layer's top directory. A layer holds entries below its root and never
/// the root itself, yet overlayfs shows the upper directory's own owner, mode and xattrs as the
/// app's "/", so state.json carries them and the extractor sets them.
/// </summary>
public sealed record StateRoot
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs =
        new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>The permission bits, with setuid, setgid and sticky (at most 07777).</summary>
    public uint Mode { get; init; }

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public DateTimeOffset Modified { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>Extended attributes by name (base64 in JSON), without overlayfs's own trusted.overlay.*.</summary>
    public IReadOnlyDictionary<string, byte[]> Xattrs { get; init; } = NoXattrs;
}
