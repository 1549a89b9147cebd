using Hoist.Content.Storage;
using Hoist.Core.Errors;

namespace Hoist.Content.Trees;

/// <summary>Makes a directory hold exactly what a tree recipe describes.</summary>
public static class TreeMaterializer
{
    /// <inheritdoc cref="SyncAsync(string, TreeRecipe?, TreeRecipe, IChunkSource, TreeSyncOptions, CancellationToken)"/>
    public static Task<TreeChanges> SyncAsync(string root, TreeRecipe? current, TreeRecipe target, IChunkSource chunks, CancellationToken cancellationToken) =>
        SyncAsync(root, current, target, chunks, TreeSyncOptions.Default, cancellationToken);

    /// <summary>
    /// Makes the directory <paramref name="root"/>, which holds exactly <paramref name="current"/>
    /// (or is empty or missing when that is null), hold exactly <paramref name="target"/>, touching
    /// only what differs (<see cref="TreeDiff.Compare"/>): what is gone is removed, deepest first;
    /// new directories, symlinks, device nodes and FIFOs are made; new and changed files are written
    /// to a temporary name in their directory, given their metadata and renamed into place (several
    /// at a time), then the hard links to them are made again; entries whose metadata alone changed
    /// get it; last, directories get their mtimes, deepest first (making their contents changed
    /// them). Metadata is set without ever following a symlink, and every chunk is checked against
    /// its digest before it is written. Returns what it changed.
    /// Before anything is written, throws <see cref="ErrorKind.InvalidArgument"/> for a recipe that
    /// is not well formed (a path that is absolute, holds "..", or lies under a symlink of the
    /// tree, named), and <see cref="ErrorKind.FailedPrecondition"/> when <paramref name="root"/> is not
    /// a directory, has a mount point below it, holds files although <paramref name="current"/> is
    /// null, or has something other than a directory where <paramref name="current"/> has one.
    /// What <paramref name="chunks"/> throws passes through (NotFound for a chunk it lacks). After a
    /// failure or a cancellation the tree is part way between the two recipes; syncing again from
    /// <paramref name="current"/> to <paramref name="target"/> finishes the job.
    /// </summary>
    public static async Task<TreeChanges> SyncAsync(
        string root, TreeRecipe? current, TreeRecipe target, IChunkSource chunks, TreeSyncOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallelism < 1)
        {
            throw HoistException.InvalidArgument($"sync parallelism {options.Parallelism} is below 1");
        }

        var changes = TreeDiff.Compare(current, target);
        var sync = new TreeSync(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), current, target, changes, chunks, options);
        await sync.RunAsync(cancellationToken).ConfigureAwait(false);
        return changes;
    }
}
