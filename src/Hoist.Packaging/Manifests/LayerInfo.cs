namespace Hoist.Packaging.Manifests;

/// <summary>The package's file layer: a tar stream, compressed with zstd.</summary>
public sealed record LayerInfo
{
    /// <summary>The SHA-256 of the compressed layer, as stored in the package file.</summary>
    public string Digest { get; init; } = string.Empty;

    /// <summary>The size of the compressed layer in bytes.</summary>
    public long Size { get; init; }

    /// <summary>The SHA-256 of the uncompressed tar stream.</summary>
    public string DiffId { get; init; } = string.Empty;

    /// <summary>The size of the uncompressed tar stream in bytes.</summary>
    public long UncompressedSize { get; init; }

    /// <summary>How many entries (files, directories, links, whiteouts) the layer holds.</summary>
    public long Entries { get; init; }

    /// <summary>The total size of the regular files in the layer, in bytes.</summary>
    public long ContentBytes { get; init; }

    /// <summary>The paths the installer deleted from the image, as whiteouts.</summary>
    public long Whiteouts { get; init; }
}
