using Hoist.Core.Errors;
using Hoist.Linux;
using Hoist.Packaging.Layers;

namespace Hoist.Runtime.State;

/// <summary>
/// Reads an app's state layer, the upper directory of its overlayfs root, as layer entries. Unlike
/// the sequencer's delta scan there is no lower to compare with and nothing is left out: the upper
/// directory is the state, whole.
/// </summary>
public static class UpperDirectoryReader
{
    private const string OverlayPrefix = "trusted.overlay.";
    private const string OpaqueXattr = "trusted.overlay.opaque";

    // With redirect_dir or metacopy on, an upper entry may point into a lower layer for its
    // content or its children: saved alone it would lose them.
    private static readonly string[] DependsOnLower = [OverlayPrefix + "redirect", OverlayPrefix + "metacopy"];

    /// <summary>
    /// Walks <paramref name="upper"/> (never following a symlink, nor crossing into another
    /// filesystem) and returns its entries in layer order: in ordinal order of name, each directory
    /// before what it holds. Overlayfs whiteouts (character devices 0:0) become
    /// <see cref="LayerEntryKind.Whiteout"/> entries; a directory with trusted.overlay.opaque=y is a
    /// <see cref="LayerEntryKind.Directory"/> entry followed by an <see cref="LayerEntryKind.Opaque"/>
    /// one; a regular file that shares its inode with an earlier one is a
    /// <see cref="LayerEntryKind.HardLink"/> to it. Xattrs are carried except overlayfs's own
    /// (trusted.overlay.*: origin file handles and flags that mean nothing on another host).
    /// The upper directory itself is not an entry (see <see cref="ReadRoot"/>).
    /// Throws <see cref="ErrorKind.NotFound"/> when <paramref name="upper"/> does not exist;
    /// <see cref="ErrorKind.FailedPrecondition"/>, naming the path, when it is not a directory or
    /// holds what a state archive cannot carry: another device node, a FIFO or a socket, a mount
    /// point, or an entry written with redirect_dir or metacopy on; <see cref="LinuxException"/>
    /// when the filesystem refuses a read.
    /// </summary>
    public static IReadOnlyList<LayerEntry> Read(string upper)
    {
        var root = CheckRoot(upper);
        var walk = new Walk(root, LinuxFiles.LStat(root).Device);
        walk.Directory(string.Empty);
        return walk.Entries;
    }

    /// <summary>The owner, mode, mtime and xattrs (without trusted.overlay.*) of
    /// <paramref name="upper"/> itself. Throws as <see cref="Read"/> does for the directory.</summary>
    public static StateRoot ReadRoot(string upper)
    {
        var root = CheckRoot(upper);
        var status = LinuxFiles.LStat(root);
        return new StateRoot
        {
            Mode = status.Permissions,
            Uid = status.Uid,
            Gid = status.Gid,
            Modified = status.Modified,
            Xattrs = OwnXattrs(LinuxFiles.ListXattrs(root)),
        };
    }

    private static string CheckRoot(string upper)
    {
        ArgumentException.ThrowIfNullOrEmpty(upper);
        var root = Path.GetFullPath(upper);
        var status = LinuxFiles.TryLStat(root)
            ?? throw HoistException.NotFound($"state directory {root} does not exist");
        return status.Kind == FileKind.Directory
            ? root
            : throw HoistException.FailedPrecondition($"state directory {root} is not a directory (it is a {status.Kind})");
    }

    private static SortedDictionary<string, byte[]> OwnXattrs(IReadOnlyDictionary<string, byte[]> xattrs) =>
        new(xattrs.Where(x => !x.Key.StartsWith(OverlayPrefix, StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);

    private sealed class Walk(string root, ulong device)
    {
        private readonly Dictionary<(ulong Device, ulong Inode), string> _firstLinks = [];

        public List<LayerEntry> Entries { get; } = [];

        public void Directory(string directory)
        {
            var names = System.IO.Directory.EnumerateFileSystemEntries(Path.Join(root, directory))
                .Select(p => Path.GetFileName(p))
                .Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var path = directory.Length == 0 ? name : directory + "/" + name;
                Add(path, Path.Join(root, path));
            }
        }

        private void Add(string path, string disk)
        {
            var status = LinuxFiles.LStat(disk);
            if (status.IsOverlayWhiteout)
            {
                Entries.Add(Entry(path, LayerEntryKind.Whiteout, status));
                return;
            }

            if (status.Kind is not (FileKind.Directory or FileKind.Regular or FileKind.Symlink))
            {
                throw Refused(disk, $"is a {Describe(status.Kind)}");
            }

            var xattrs = LinuxFiles.ListXattrs(disk);
            if (DependsOnLower.FirstOrDefault(xattrs.ContainsKey) is { } xattr)
            {
                throw Refused(disk, $"has the xattr {xattr}: it was written by an overlay mounted with redirect_dir or metacopy on, and depends on a lower layer");
            }

            var entry = Entry(path, LayerEntryKind.File, status) with { Xattrs = OwnXattrs(xattrs) };
            switch (status.Kind)
            {
                case FileKind.Directory:
                    if (status.Device != device)
                    {
                        throw Refused(disk, "is a mount point: the state layer is one filesystem");
                    }

                    Entries.Add(entry with { Kind = LayerEntryKind.Directory });
                    if (xattrs.TryGetValue(OpaqueXattr, out var flag) && flag is [(byte)'y'])
                    {
                        Entries.Add(new LayerEntry { Path = path, Kind = LayerEntryKind.Opaque });
                    }

                    Directory(path);
                    break;
                case FileKind.Symlink:
                    Entries.Add(entry with { Kind = LayerEntryKind.Symlink, LinkTarget = new FileInfo(disk).LinkTarget });
                    break;
                default:
                    Entries.Add(status.LinkCount > 1 && !_firstLinks.TryAdd((status.Device, status.Inode), path)
                        ? new LayerEntry { Path = path, Kind = LayerEntryKind.HardLink, LinkTarget = _firstLinks[(status.Device, status.Inode)] }
                        : entry with { Size = status.Size, SourcePath = disk });
                    break;
            }
        }

        private static LayerEntry Entry(string path, LayerEntryKind kind, FileStatus status) => new()
        {
            Path = path,
            Kind = kind,
            Mode = status.Permissions,
            Uid = status.Uid,
            Gid = status.Gid,
            Modified = status.Modified,
        };

        private HoistException Refused(string disk, string problem) => HoistException.FailedPrecondition(
            $"cannot save the state in {root}: {disk} {problem}",
            "a state archive holds files, directories, symlinks, hard links, whiteouts and opaque directories only: "
            + "remove what it cannot hold from the app's state (a stopped app needs no sockets), then try again");

        private static string Describe(FileKind kind) => kind switch
        {
            FileKind.CharDevice => "character device (not an overlayfs whiteout)",
            FileKind.BlockDevice => "block device",
            FileKind.Fifo => "FIFO (named pipe)",
            _ => "socket",
        };
    }
}
