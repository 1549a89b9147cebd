using System.Runtime.InteropServices;
using System.Threading.Channels;
using Hoist.Content.Chunking;
using Hoist.Content.Interop;
using Hoist.Content.Recipes;
using Hoist.Core.Errors;
using Hoist.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Content.Trees;

/// <summary>
/// Walks a tree for a scan. Every directory is held open while it is listed and everything in it
/// is looked up relative to it (statx and openat on the descriptor, xattrs through
/// /proc/self/fd/N/NAME), so that a directory swapped for a symlink while the walk runs cannot
/// lead it outside the tree. Files the cache cannot answer for are opened here and handed to the
/// readers through <paramref name="reads"/>.
/// </summary>
internal sealed class TreeWalk(
    string root,
    ChannelWriter<FileReadJob> reads,
    TreeScanCache? cache,
    ChunkerOptions chunking,
    TreeScanStatistics statistics)
{
    private static readonly string[] DependsOnLower = [RecipeValidator.OverlayPrefix + "redirect", RecipeValidator.OverlayPrefix + "metacopy"];

    private readonly Dictionary<(ulong Device, ulong Inode), ScanNode> _firstOfInode = [];
    private ulong _device;

    public List<ScanNode> Nodes { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var directory = OpenDirectory(LibC.AtFdCwd, root, root)
            ?? throw HoistException.NotFound($"cannot scan {root}: it does not exist or is not a directory");
        var status = Interop.Nodes.FStat(directory, root);
        _device = status.Device;
        Nodes.Add(new ScanNode(string.Empty, status, TreeEntryKind.Directory, OwnXattrs(FdPath(directory) + "/.", root)));
        await WalkAsync(directory, string.Empty, cancellationToken).ConfigureAwait(false);
    }

    private async Task WalkAsync(SafeFileHandle directory, string path, CancellationToken cancellationToken)
    {
        var listed = FdPath(directory);
        List<string> names;
        try
        {
            names = [.. Directory.EnumerateFileSystemEntries(listed).Select(p => p[(listed.Length + 1)..]).Order(StringComparer.Ordinal)];
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var child = path.Length == 0 ? name : path + "/" + name;
            var disk = root + "/" + child;
            if (LibC.Statx((int)directory.DangerousGetHandle(), name, LibC.AtSymlinkNoFollow, LibC.StatxBasicStats, out var buffer) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Interop.Nodes.ENOENT)
                {
                    throw new LinuxException("statx", disk, errno);
                }

                // Gone since the listing, unless the name did not survive decoding (not UTF-8).
                if (name.Contains('\uFFFD'))
                {
                    throw HoistException.FailedPrecondition($"cannot scan {root}: a file name in {TreePaths.OnDisk(root, path)} is not valid UTF-8 ({TreePaths.Show(child)})", "rename it");
                }

                continue;
            }

            var status = NodeStatus.From(buffer);
            var onFd = listed + "/" + name;
            switch (status.Kind)
            {
                case FileKind.Socket:
                    continue;
                case FileKind.Directory:
                    await DirectoryAsync(directory, name, child, disk, cancellationToken).ConfigureAwait(false);
                    continue;
                case FileKind.Regular:
                    await FileAsync(directory, name, child, disk, status, OwnXattrs(onFd, disk), cancellationToken).ConfigureAwait(false);
                    continue;
                case FileKind.Symlink:
                    if (new FileInfo(onFd).LinkTarget is { } target)
                    {
                        Add(new ScanNode(child, status, TreeEntryKind.Symlink, OwnXattrs(onFd, disk)) { Link = target });
                    }

                    continue;
                default:
                    var kind = status.Kind switch
                    {
                        FileKind.CharDevice => TreeEntryKind.CharDevice,
                        FileKind.BlockDevice => TreeEntryKind.BlockDevice,
                        _ => TreeEntryKind.Fifo,
                    };
                    Add(new ScanNode(child, status, kind, OwnXattrs(onFd, disk)));
                    continue;
            }
        }
    }

    private async Task DirectoryAsync(SafeFileHandle parent, string name, string path, string disk, CancellationToken cancellationToken)
    {
        // Replaced by something else since the listing: the next scan will see what it became.
        using var directory = OpenDirectory((int)parent.DangerousGetHandle(), name, disk);
        if (directory is null)
        {
            return;
        }

        var status = Interop.Nodes.FStat(directory, disk);
        if (status.Device != _device)
        {
            throw HoistException.FailedPrecondition(
                $"cannot scan {root}: {disk} is a mount point (another filesystem is mounted there)",
                "unmount it, or scan what is mounted there on its own");
        }

        Nodes.Add(new ScanNode(path, status, TreeEntryKind.Directory, OwnXattrs(FdPath(directory) + "/.", disk)));
        statistics.AddEntry();
        await WalkAsync(directory, path, cancellationToken).ConfigureAwait(false);
    }

    private async Task FileAsync(
        SafeFileHandle parent, string name, string path, string disk, NodeStatus status,
        IReadOnlyDictionary<string, byte[]> xattrs, CancellationToken cancellationToken)
    {
        var node = new ScanNode(path, status, TreeEntryKind.File, xattrs);
        if (!Add(node))
        {
            return;
        }

        if (cache?.Lookup(path, status, chunking) is { } chunks)
        {
            node.Chunks = chunks;
            statistics.AddFile(fromCache: true);
            return;
        }

        const int flags = LibC.ORdOnly | LibC.ONoFollow | LibC.ONonBlock | LibC.OCloexec;
        var descriptor = LibC.Openat((int)parent.DangerousGetHandle(), name, flags | LibC.ONoAtime, 0);
        if (descriptor < 0 && Marshal.GetLastPInvokeError() == Interop.Nodes.EPERM)
        {
            descriptor = LibC.Openat((int)parent.DangerousGetHandle(), name, flags, 0);
        }

        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            node.Vanished = errno is Interop.Nodes.ENOENT or Interop.Nodes.ELOOP ? true : throw new LinuxException("open", disk, errno);
            return;
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            await reads.WriteAsync(new FileReadJob(node, handle, disk), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Cancelled while the channel was full (a reader failed): no reader will get it to close it.
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Adds a node; another name of an inode met before is tied to the first and not read.
    /// Returns false for such a second name.</summary>
    private bool Add(ScanNode node)
    {
        Nodes.Add(node);
        statistics.AddEntry();
        if (node.MayHaveLinks && !_firstOfInode.TryAdd(node.InodeKey, node))
        {
            node.SameInodeAs = _firstOfInode[node.InodeKey];
            return false;
        }

        return true;
    }

    private static SafeFileHandle? OpenDirectory(int parent, string name, string disk)
    {
        var descriptor = LibC.Openat(parent, name, LibC.ORdOnly | LibC.ODirectory | LibC.ONoFollow | LibC.OCloexec, 0);
        if (descriptor >= 0)
        {
            return new SafeFileHandle(descriptor, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is Interop.Nodes.ENOENT or Interop.Nodes.ENOTDIR or Interop.Nodes.ELOOP ? null : throw new LinuxException("open", disk, errno);
    }

    private static string FdPath(SafeFileHandle directory) => $"/proc/self/fd/{directory.DangerousGetHandle()}";

    /// <summary>The xattrs a recipe keeps: overlayfs's own are dropped (origin file handles, impure
    /// flags: they mean nothing elsewhere) but for the opaque marker. An entry written by an overlay
    /// with redirect_dir or metacopy depends on a lower layer and cannot be carried alone.</summary>
    private static IReadOnlyDictionary<string, byte[]> OwnXattrs(string path, string disk)
    {
        IReadOnlyDictionary<string, byte[]> all;
        try
        {
            all = LinuxFiles.ListXattrs(path);
        }
        catch (LinuxException e) when (e.Errno == Interop.Nodes.ENOENT)
        {
            return new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        }

        if (DependsOnLower.FirstOrDefault(all.ContainsKey) is { } xattr)
        {
            throw HoistException.FailedPrecondition(
                $"cannot scan {disk}: it has the xattr {xattr}, written by an overlay mounted with redirect_dir or metacopy on: it depends on a lower layer",
                "copy the tree with an overlay mounted without redirect_dir and metacopy");
        }

        var own = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, value) in all)
        {
            if (!name.StartsWith(RecipeValidator.OverlayPrefix, StringComparison.Ordinal) || name == RecipeValidator.OpaqueXattr)
            {
                own[name] = value;
            }
        }

        return own;
    }
}
