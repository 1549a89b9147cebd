using Hoist.Content.Interop;
using Hoist.Content.Storage;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Linux;

namespace Hoist.Content.Trees;

/// <summary>One run of <see cref="TreeMaterializer.SyncAsync(string, TreeRecipe?, TreeRecipe, IChunkSource, TreeSyncOptions, CancellationToken)"/>:
/// plans from the two recipes and their differences, checks, then carries the plan out.</summary>
internal sealed class TreeSync
{
    private const int EISDIR = 21;

    private readonly string _root;
    private readonly TreeRecipe? _currentRecipe;
    private readonly Dictionary<string, TreeEntry> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TreeEntry> _target = new(StringComparer.Ordinal);
    private readonly TreeChanges _changes;
    private readonly IChunkSource _chunks;
    private readonly TreeSyncOptions _options;

    // The plan, each list in ordinal order of path.
    private readonly List<string> _removals = [];
    private readonly List<TreeEntry> _creations = [];
    private readonly List<TreeEntry> _files = [];
    private readonly List<TreeEntry> _links = [];
    private readonly List<TreeEntry> _metadata = [];
    private readonly SortedSet<string> _fullDirectories = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _touchedDirectories = new(StringComparer.Ordinal);

    public TreeSync(string root, TreeRecipe? current, TreeRecipe target, TreeChanges changes, IChunkSource chunks, TreeSyncOptions options)
    {
        _root = root;
        _currentRecipe = current;
        foreach (var entry in current?.Entries ?? [])
        {
            _current[entry.Path] = entry;
        }

        foreach (var entry in target.Entries)
        {
            _target[entry.Path] = entry;
        }

        _changes = changes;
        _chunks = chunks;
        _options = options;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rootExists = CheckRoot();
        Plan();
        CheckDirectoriesOnDisk();
        if (!rootExists)
        {
            Directory.CreateDirectory(_root);
        }

        for (var i = _removals.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Remove(Disk(_removals[i]));
        }

        foreach (var entry in _creations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Create(entry);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_files, parallel, WriteFileAsync).ConfigureAwait(false);
        foreach (var entry in _links)
        {
            Relink(entry);
        }

        foreach (var entry in _metadata)
        {
            NodeMetadata.Apply(Disk(entry.Path), entry);
        }

        // Deepest first, though setting one directory's mtime changes no other's.
        foreach (var path in _touchedDirectories.Reverse())
        {
            var entry = _target[path];
            if (_fullDirectories.Contains(path))
            {
                NodeMetadata.Apply(Disk(path), entry);
            }
            else
            {
                Nodes.SetModifiedTime(Disk(path), entry.MtimeNs);
            }
        }

        if (_options.Durable)
        {
            Nodes.SyncFilesystem(_root);
        }
    }

    /// <summary>True when the root exists (as a directory, with nothing mounted below it).</summary>
    private bool CheckRoot()
    {
        var status = Nodes.TryLStat(_root);
        if (status is null)
        {
            return _currentRecipe is null
                ? false
                : throw HoistException.FailedPrecondition($"cannot sync {_root}: it does not exist, but a current recipe says what it holds");
        }

        if (status.Value.Kind != FileKind.Directory)
        {
            throw HoistException.FailedPrecondition($"cannot sync {_root}: it is a {status.Value.Kind}, not a directory");
        }

        if (Mounts.Below(_root).FirstOrDefault(m => m != _root) is { } mount)
        {
            throw HoistException.FailedPrecondition($"cannot sync {_root}: {mount} is mounted below it", "unmount it first");
        }

        if (_currentRecipe is null && Directory.EnumerateFileSystemEntries(_root).Any())
        {
            throw HoistException.FailedPrecondition(
                $"cannot sync {_root}: it holds files, and no current recipe says what they are",
                "sync into an empty directory, or give the recipe the directory holds");
        }

        return true;
    }

    private void Plan()
    {
        var rewritten = _changes.Rewritten.ToHashSet(StringComparer.Ordinal);
        var added = _changes.Added.ToHashSet(StringComparer.Ordinal);
        var made = new HashSet<string>(StringComparer.Ordinal);
        _removals.AddRange(_changes.Removed);

        // A directory cannot be renamed over, nor renamed onto: a change to or from one removes first.
        foreach (var path in _changes.Rewritten)
        {
            if ((_current[path].Kind == TreeEntryKind.Directory) != (_target[path].Kind == TreeEntryKind.Directory))
            {
                _removals.Add(path);
            }
        }

        _removals.Sort(StringComparer.Ordinal);
        foreach (var path in _removals)
        {
            Touch(TreePaths.Parent(path));
        }

        foreach (var path in _changes.Added.Concat(_changes.Rewritten).Order(StringComparer.Ordinal))
        {
            var entry = _target[path];
            switch (entry.Kind)
            {
                case TreeEntryKind.Directory:
                    _creations.Add(entry);
                    _fullDirectories.Add(path);
                    _touchedDirectories.Add(path);
                    break;
                case TreeEntryKind.File:
                    _files.Add(entry);
                    break;
                case TreeEntryKind.HardLink:
                    continue;
                default:
                    _creations.Add(entry);
                    break;
            }

            made.Add(path);
            Touch(TreePaths.Parent(path));
        }

        // Hard links to an inode made anew point at the old one until they are made again.
        foreach (var entry in _target.Values)
        {
            if (entry.Kind == TreeEntryKind.HardLink && (made.Contains(entry.Link!) || added.Contains(entry.Path) || rewritten.Contains(entry.Path)))
            {
                _links.Add(entry);
                Touch(TreePaths.Parent(entry.Path));
            }
        }

        _links.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var path in _changes.Changed)
        {
            var entry = _target[path];
            if (rewritten.Contains(path) || entry.Kind == TreeEntryKind.HardLink)
            {
                continue;
            }

            if (entry.Kind == TreeEntryKind.Directory)
            {
                _fullDirectories.Add(path);
                _touchedDirectories.Add(path);
            }
            else
            {
                _metadata.Add(entry);
            }
        }
    }

    // A directory whose contents change gets its mtime back at the end, if it stays a directory.
    private void Touch(string directory)
    {
        if (_target.TryGetValue(directory, out var entry) && entry.Kind == TreeEntryKind.Directory)
        {
            _touchedDirectories.Add(directory);
        }
    }

    /// <summary>Every directory that the current recipe has, and under which something changes, must be
    /// a directory on disk: anything else there (a symlink above all) would take the writes elsewhere.</summary>
    private void CheckDirectoriesOnDisk()
    {
        var checkedDirectories = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        var paths = _removals.Concat(_creations.Select(e => e.Path)).Concat(_files.Select(e => e.Path))
            .Concat(_links.Select(e => e.Path)).Concat(_metadata.Select(e => e.Path)).Concat(_touchedDirectories);
        foreach (var path in paths)
        {
            for (var directory = TreePaths.Parent(path); checkedDirectories.Add(directory); directory = TreePaths.Parent(directory))
            {
                if (_current.TryGetValue(directory, out var entry) && entry.Kind == TreeEntryKind.Directory
                    && Nodes.TryLStat(Disk(directory)) is { } status && status.Kind != FileKind.Directory)
                {
                    throw HoistException.FailedPrecondition(
                        $"cannot sync {_root}: {Disk(directory)} is a {status.Kind} where the current recipe has a directory",
                        "the directory does not hold what the current recipe says: sync into an empty directory instead");
                }
            }
        }
    }

    private void Create(TreeEntry entry)
    {
        var disk = Disk(entry.Path);
        if (entry.Kind == TreeEntryKind.Directory)
        {
            try
            {
                FileMetadata.CreateDirectory(disk, 0x1C0);
            }
            catch (LinuxException e) when (e.Errno == Nodes.EEXIST)
            {
                // Left by an interrupted sync: a directory is kept, anything else replaced.
                if (Nodes.LStat(disk).Kind != FileKind.Directory)
                {
                    Remove(disk);
                    FileMetadata.CreateDirectory(disk, 0x1C0);
                }
            }

            return;
        }

        var temporary = Temporary(entry.Path);
        try
        {
            if (entry.Kind == TreeEntryKind.Symlink)
            {
                Nodes.Symlink(entry.Link!, temporary);
            }
            else
            {
                var kind = entry.Kind switch
                {
                    TreeEntryKind.CharDevice => FileKind.CharDevice,
                    TreeEntryKind.BlockDevice => FileKind.BlockDevice,
                    _ => FileKind.Fifo,
                };
                Nodes.MakeNode(temporary, kind, 0x180, entry.Major, entry.Minor);
            }

            NodeMetadata.Apply(temporary, entry);
            Replace(temporary, disk);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private async ValueTask WriteFileAsync(TreeEntry entry, CancellationToken cancellationToken)
    {
        var temporary = Temporary(entry.Path);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                PreallocationSize = entry.Size,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            await using (var file = new FileStream(temporary, options))
            {
                var what = $"file {TreePaths.Show(entry.Path)}";
                await foreach (var data in ChunkPrefetch.ReadAsync(_chunks, entry.Chunks, what, cancellationToken).ConfigureAwait(false))
                {
                    await file.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                }
            }

            NodeMetadata.Apply(temporary, entry);
            Replace(temporary, Disk(entry.Path));
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private void Relink(TreeEntry entry)
    {
        var disk = Disk(entry.Path);
        var first = Disk(entry.Link!);
        var inode = Nodes.LStat(first);
        if (Nodes.TryLStat(disk) is { } existing && existing.Device == inode.Device && existing.Inode == inode.Inode)
        {
            return;
        }

        var temporary = Temporary(entry.Path);
        try
        {
            FileMetadata.CreateHardLink(first, temporary);
            Replace(temporary, disk);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Renames a new node over whatever is at <paramref name="disk"/>; a directory left
    /// there by an interrupted sync is removed first.</summary>
    private static void Replace(string temporary, string disk)
    {
        try
        {
            Nodes.Rename(temporary, disk);
        }
        catch (LinuxException e) when (e.Errno is EISDIR or Nodes.ENOTEMPTY or Nodes.EEXIST)
        {
            Remove(disk);
            Nodes.Rename(temporary, disk);
        }
    }

    private static void Remove(string disk)
    {
        switch (Nodes.TryLStat(disk)?.Kind)
        {
            case null:
                return;
            case FileKind.Directory:
                // Never follows a symlink inside: those are unlinked like files.
                Directory.Delete(disk, recursive: true);
                return;
            default:
                File.Delete(disk);
                return;
        }
    }

    private string Temporary(string path) => Disk(TreePaths.Parent(path)) + $"/.hoist-sync-{Guid.NewGuid():n}";

    private string Disk(string path) => TreePaths.OnDisk(_root, path);
}
