using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Linux;

namespace Hoist.Packaging.Layers;

/// <summary>Unpacks a package's file layer into a directory that overlayfs can use as a lower layer.</summary>
public static class LayerExtractor
{
    /// <summary>
    /// Extracts <paramref name="compressedLayer"/> into <paramref name="targetDirectory"/>, which
    /// must not exist (it is created) or be an empty directory. Files get their content, mode,
    /// owner, xattrs and mtime; symlinks their owner and mtime; hard links share their file;
    /// whiteouts become overlayfs whiteouts (character device 0:0); opaque directories get the
    /// xattr trusted.overlay.opaque=y. Xattrs named trusted.overlay.* in the layer are skipped:
    /// only the layer's structure decides what overlayfs hides. Directory modes and mtimes are set
    /// after their contents are written. Every entry is checked by <see cref="LayerReader"/>
    /// before it is created and nothing is created through a symlink, so nothing is ever written
    /// outside <paramref name="targetDirectory"/>. Needs root (lchown, mknod, trusted.* xattrs).
    /// Throws what <see cref="LayerReader.ReadAsync"/> throws, <see cref="ErrorKind.FailedPrecondition"/>
    /// when the target is not an empty directory, and <see cref="LinuxException"/> when the
    /// filesystem refuses; on any failure, cancellation included, what was created is removed
    /// (the target itself too when this call created it; missing parents of the target that it
    /// created stay) and the exception is rethrown. Should the removal fail too, an
    /// <see cref="AggregateException"/> holds both failures.
    /// </summary>
    public static async Task<LayerSummary> ExtractAsync(Stream compressedLayer, string targetDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compressedLayer);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        var root = Path.GetFullPath(targetDirectory);
        var createdRoot = PrepareTarget(root);
        try
        {
            var tree = new LayerTreeBuilder(root);
            var summary = await LayerReader.ReadAsync(compressedLayer, tree.AddAsync, cancellationToken).ConfigureAwait(false);
            tree.FinishDirectories();
            return summary;
        }
        catch (Exception failure)
        {
            try
            {
                Undo(root, createdRoot);
            }
            catch (Exception undo) when (undo is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                throw new AggregateException($"extracting a layer to {root} failed, and removing what it created failed too", failure, undo);
            }

            throw;
        }
    }

    /// <summary>Creates the target when missing (returns true), accepts an empty directory (false).</summary>
    private static bool PrepareTarget(string root)
    {
        var status = LinuxFiles.TryLStat(root);
        if (status is null)
        {
            Directory.CreateDirectory(root);
            return true;
        }

        if (status.Value.Kind != FileKind.Directory)
        {
            throw HoistException.FailedPrecondition($"cannot extract a layer to {root}: it is not a directory");
        }

        if (Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw HoistException.FailedPrecondition($"cannot extract a layer to {root}: the directory is not empty");
        }

        return false;
    }

    private static void Undo(string root, bool createdRoot)
    {
        if (createdRoot)
        {
            FileTree.Delete(root);
            return;
        }

        foreach (var child in Directory.EnumerateFileSystemEntries(root))
        {
            FileTree.Delete(child);
        }
    }
}
