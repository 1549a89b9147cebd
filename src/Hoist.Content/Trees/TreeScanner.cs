using System.Collections.Concurrent;
using System.Threading.Channels;
using Hoist.Content.Chunking;
using Hoist.Content.Storage;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Trees;

/// <summary>
/// Turns a directory tree (an OS image's root, an app's overlayfs upper directory) into a
/// <see cref="TreeRecipe"/>, giving the chunks of the files it reads to a sink.
/// </summary>
/// <remarks>Measured on this 2-core machine, Release, 1,000 files of 64 KiB to 1 MiB (542 MB) in
/// the page cache, a sink that only counts (a scratch Stopwatch run while other work kept the load
/// at 13 to 22): 0.6 to 0.86 GB/s per CPU second, near what chunking (2.4 GB/s) and SHA-256
/// (1.4 GB/s) allow together; 0.35 to 0.56 GB/s of wall time with one reader or two alike, the
/// machine being saturated. A rescan with the cache after one file changed: 42 ms, 16 ms with
/// nothing changed. Into a <see cref="ChunkStore"/> (zstd level 1, an fsync per new chunk): 48 MB/s.</remarks>
public sealed class TreeScanner
{
    private readonly TreeScanCache? _cache;
    private readonly TreeScanOptions _options;
    private readonly ContentDefinedChunker _chunker;

    /// <param name="cache">What an earlier scan of the same tree learned; updated by each scan. Null to read every file.</param>
    public TreeScanner(TreeScanCache? cache = null, TreeScanOptions? options = null)
    {
        _cache = cache;
        _options = options ?? TreeScanOptions.Default;
        if (_options.Parallelism < 1)
        {
            throw HoistException.InvalidArgument($"scan parallelism {_options.Parallelism} is below 1");
        }

        _chunker = new ContentDefinedChunker(_options.Chunking);
    }

    /// <inheritdoc cref="ScanAsync(string, IChunkSink, TreeScanStatistics?, CancellationToken)"/>
    public Task<TreeRecipe> ScanAsync(string root, IChunkSink sink, CancellationToken cancellationToken) =>
        ScanAsync(root, sink, null, cancellationToken);

    /// <summary>
    /// Scans the directory <paramref name="root"/>: every directory, file, symlink, device node and
    /// FIFO below it (sockets are skipped), never following a symlink, with owner, mode, mtime to
    /// the nanosecond and xattrs (of overlayfs's own, only trusted.overlay.opaque). An overlayfs
    /// whiteout is the character device 0:0 it is (each one its own, though overlayfs links them to
    /// one inode). A second name of a regular file is a <see cref="TreeEntryKind.HardLink"/> to the
    /// first in path order. Files are read (several at a
    /// time) unless the cache knows them unchanged; the chunks of each file read go to
    /// <paramref name="sink"/>, from several threads at once; the chunks of cached files do not (the
    /// caller still has them from the scan that read them). What changes while the scan runs is
    /// caught in whatever state the scan saw it: a file or directory removed meanwhile is left out,
    /// and a file whose size changes while it is read is read again (up to 3 times).
    /// Throws <see cref="ErrorKind.NotFound"/> when <paramref name="root"/> is not a directory;
    /// <see cref="ErrorKind.FailedPrecondition"/> naming the path for a mount point below the root,
    /// a file name that is not UTF-8, an entry with trusted.overlay.redirect or metacopy, or a file
    /// that kept changing size; <see cref="Linux.LinuxException"/> when the filesystem refuses a read.
    /// </summary>
    public async Task<TreeRecipe> ScanAsync(string root, IChunkSink sink, TreeScanStatistics? statistics, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(sink);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (Mounts.Below(full).FirstOrDefault(m => m != full) is { } mount)
        {
            throw HoistException.FailedPrecondition(
                $"cannot scan {full}: {mount} is a mount point below it", "unmount it, or scan what is mounted there on its own");
        }

        statistics ??= new TreeScanStatistics();
        var trustedBefore = (_options.Time.GetUtcNow() - TreeScanCache.RacyWindow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var cacheable = new ConcurrentDictionary<string, CachedFile>(StringComparer.Ordinal);
        var reader = new FileChunkReader(_chunker, sink, statistics, trustedBefore, cacheable, _options.AcceptChangingFiles);
        var walk = await WalkAsync(full, reader, statistics, cancellationToken).ConfigureAwait(false);

        // A first name that vanished before it was read leaves its other names without content:
        // the next of them is read instead.
        foreach (var orphan in walk.Where(n => n.SameInodeAs is { Vanished: true } && !n.Vanished).ToList())
        {
            var first = orphan.SameInodeAs!;
            orphan.SameInodeAs = null;
            foreach (var other in walk.Where(n => n.SameInodeAs == first))
            {
                other.SameInodeAs = orphan;
            }

            await ReadAgainAsync(full, orphan, reader, cancellationToken).ConfigureAwait(false);
        }

        var entries = ToEntries(walk);
        statistics.SetEntries(entries.Count);
        _cache?.Replace(Remembered(walk, cacheable), _options.Chunking);
        return new TreeRecipe { Entries = entries };
    }

    private async Task<List<ScanNode>> WalkAsync(string root, FileChunkReader reader, TreeScanStatistics statistics, CancellationToken cancellationToken)
    {
        var reads = Channel.CreateBounded<FileReadJob>(new BoundedChannelOptions(2 * _options.Parallelism) { SingleWriter = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var walk = new TreeWalk(root, reads.Writer, _cache, _options.Chunking, statistics);
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await walk.RunAsync(failed.Token).ConfigureAwait(false);
                }
                finally
                {
                    reads.Writer.Complete();
                }
            },
            CancellationToken.None);

        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = failed.Token };
            await Parallel.ForEachAsync(reads.Reader.ReadAllAsync(failed.Token), parallel, reader.ReadAsync).ConfigureAwait(false);
        }
        catch
        {
            // Stop the walk, and close what it opened for readers that are gone.
            await failed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(producer).ConfigureAwait(false);
            while (reads.Reader.TryRead(out var job))
            {
                job.Handle.Dispose();
            }

            throw;
        }

        await producer.ConfigureAwait(false);
        return walk.Nodes;
    }

    private static async Task ReadAgainAsync(string root, ScanNode node, FileChunkReader reader, CancellationToken cancellationToken)
    {
        var disk = TreePaths.OnDisk(root, node.Path);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = Interop.Nodes.OpenForReading(disk);
        }
        catch (Linux.LinuxException e) when (e.Errno is Interop.Nodes.ENOENT or Interop.Nodes.ELOOP)
        {
            node.Vanished = true;
            return;
        }

        await reader.ReadAsync(new FileReadJob(node, handle, disk), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The recipe's entries: in ordinal order of path, the first name of each inode (in
    /// that order) holding the content and the others hard links to it.</summary>
    private static List<TreeEntry> ToEntries(List<ScanNode> nodes)
    {
        var kept = nodes.Where(n => !n.Vanished && n.SameInodeAs?.Vanished != true).ToList();
        kept.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var firstNames = new Dictionary<ScanNode, string>();
        var entries = new List<TreeEntry>(kept.Count);
        foreach (var node in kept)
        {
            var content = node.SameInodeAs ?? node;
            if (node.MayHaveLinks && !firstNames.TryAdd(content, node.Path))
            {
                entries.Add(new TreeEntry { Path = node.Path, Kind = TreeEntryKind.HardLink, Link = firstNames[content] });
                continue;
            }

            var status = content.Status;
            var device = content.Kind is TreeEntryKind.CharDevice or TreeEntryKind.BlockDevice;
            entries.Add(new TreeEntry
            {
                Path = node.Path,
                Kind = content.Kind,
                Mode = status.Permissions,
                Uid = status.Uid,
                Gid = status.Gid,
                MtimeNs = status.MtimeNs,
                Size = content.Kind == TreeEntryKind.File ? status.Size : 0,
                Link = content.Link,
                Major = device ? status.RdevMajor : 0,
                Minor = device ? status.RdevMinor : 0,
                Xattrs = content.Xattrs,
                Chunks = content.Chunks ?? [],
            });
        }

        return entries;
    }

    /// <summary>What the cache keeps: files taken from it (still as trusted as when it took them)
    /// and files read whose stat was clean.</summary>
    private Dictionary<string, CachedFile> Remembered(List<ScanNode> nodes, ConcurrentDictionary<string, CachedFile> cacheable)
    {
        var files = new Dictionary<string, CachedFile>(cacheable, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node is { Kind: TreeEntryKind.File, SameInodeAs: null, Vanished: false, Chunks: { } chunks } && !cacheable.ContainsKey(node.Path)
                && _cache?.Lookup(node.Path, node.Status, _options.Chunking) is not null)
            {
                var s = node.Status;
                files[node.Path] = new CachedFile(s.Device, s.Inode, s.Size, s.MtimeNs, s.CtimeNs, chunks);
            }
        }

        return files;
    }
}
