using Hoist.Linux;
using Hoist.Packaging.Layers;

namespace Hoist.Sequencing.Delta;

/// <summary>One change the installer made, as found in the overlay's upper directory.</summary>
/// <param name="Path">Relative to the root, no leading '/'.</param>
/// <param name="Kind">What the layer records: a file, directory, link, whiteout or opaque marker.</param>
/// <param name="Status">lstat of the upper entry (of the directory for an opaque marker).</param>
/// <param name="DiskPath">The entry in the upper directory.</param>
/// <param name="Xattrs">Its extended attributes, without overlayfs's own.</param>
/// <param name="ExistedBefore">The image had something at this path.</param>
/// <param name="LinkTarget">A symlink's target, or a hard link's first path.</param>
internal sealed record DeltaItem(
    string Path,
    LayerEntryKind Kind,
    FileStatus Status,
    string DiskPath,
    IReadOnlyDictionary<string, byte[]> Xattrs,
    bool ExistedBefore,
    string? LinkTarget)
{
    public string AbsolutePath => "/" + Path;
}
