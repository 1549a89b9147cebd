using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Linux;
using Hoist.Packaging.Layers;

namespace Hoist.Runtime.State;

/// <summary>Recreates an app's state layer from a state archive.</summary>
public static class StateArchiveExtractor
{
    private const string OverlayPrefix = "trusted.overlay.";
    private const int EEXIST = 17;

    /// <summary>
    /// Opens the archive at <paramref name="archivePath"/> and checks its layer's digest, so that a
    /// damaged or truncated archive creates nothing; then creates <paramref name="targetUpperDirectory"/>
    /// (its parent must exist) and extracts the state layer into it with <see cref="LayerExtractor"/>,
    /// ready to be an overlayfs upper directory: whiteouts as character devices 0:0, opaque directories
    /// with trusted.overlay.opaque=y. The rest of <see cref="StateArchive.VerifyAsync(IProgressReporter?, CancellationToken)"/>
    /// (every entry through the layer rules, the layer's diffId, sizes and counts against state.json) is
    /// checked by that one extraction, which a refused entry stops: the layer is decompressed once. The
    /// directory itself gets the owner, mode, xattrs and mtime that state.json's root records, last;
    /// until then it is mode 0700. Returns the archive's metadata. Needs root.
    /// Throws what <see cref="StateArchive.Open"/> and VerifyAsync throw, with the same messages;
    /// <see cref="ErrorKind.NotFound"/> when the target's parent directory does not exist;
    /// <see cref="ErrorKind.AlreadyExists"/> when anything is at the target; while extracting, what
    /// <see cref="LayerExtractor.ExtractAsync"/> throws, cancellation included. After any failure past
    /// the digest the target directory is removed (should that fail too, an
    /// <see cref="AggregateException"/> holds both failures).
    /// </summary>
    public static async Task<StateMetadata> ExtractAsync(
        string archivePath, string targetUpperDirectory, IProgressReporter? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        ArgumentException.ThrowIfNullOrEmpty(targetUpperDirectory);
        progress ??= NullProgress.Instance;
        var target = Path.GetFullPath(targetUpperDirectory);
        CheckTarget(target);

        using var archive = StateArchive.Open(archivePath);
        await archive.VerifyDigestAsync(progress, cancellationToken).ConfigureAwait(false);
        CreateTarget(target);
        try
        {
            progress.Phase($"extracting the state layer into {target}");
            await using (var layer = archive.OpenLayer(progress))
            {
                var summary = await archive.ReadEntriesAsync(() => LayerExtractor.ExtractAsync(layer, target, cancellationToken)).ConfigureAwait(false);
                archive.CheckSummary(summary);
            }

            ApplyRoot(target, archive.Metadata.Root!);
            progress.Done($"{archive.Metadata.Layer!.Entries} entries extracted");
            return archive.Metadata;
        }
        catch (Exception failure)
        {
            try
            {
                FileTree.Delete(target);
            }
            catch (Exception undo) when (undo is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                throw new AggregateException($"extracting the state archive {archivePath} to {target} failed, and removing {target} failed too", failure, undo);
            }

            throw;
        }
    }

    private static void CheckTarget(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent))
        {
            throw HoistException.NotFound($"cannot extract the state to {target}: the directory {parent} does not exist");
        }

        if (LinuxFiles.TryLStat(target) is not null)
        {
            throw HoistException.AlreadyExists($"cannot extract the state to {target}: it exists", "give a path that does not exist yet");
        }
    }

    /// <summary>mkdir, which fails when anything appeared at the target since it was checked, so
    /// this call owns what it removes on failure.</summary>
    private static void CreateTarget(string target)
    {
        try
        {
            FileMetadata.CreateDirectory(target, 0x1C0); // 0700 until the root's own mode is set
        }
        catch (LinuxException e) when (e.Errno == EEXIST)
        {
            throw new HoistException(ErrorKind.AlreadyExists, $"cannot extract the state to {target}: it exists", "give a path that does not exist yet", e);
        }
    }

    /// <summary>Owner first (chown clears setuid and setgid), mtime last (setting anything else
    /// leaves it alone, but it was changed by creating the entries).</summary>
    private static void ApplyRoot(string target, StateRoot root)
    {
        FileMetadata.SetOwner(target, root.Uid, root.Gid);
        FileMetadata.SetMode(target, root.Mode);
        foreach (var (name, value) in root.Xattrs)
        {
            if (!name.StartsWith(OverlayPrefix, StringComparison.Ordinal))
            {
                LinuxFiles.SetXattr(target, name, value);
            }
        }

        FileMetadata.SetModifiedTime(target, root.Modified);
    }
}
