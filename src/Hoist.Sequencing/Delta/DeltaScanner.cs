using Hoist.Linux;
using Hoist.Packaging.Layers;

namespace Hoist.Sequencing.Delta;

/// <summary>
/// Reads an overlayfs upper directory (mounted with redirect_dir, index and metacopy off, so that it
/// is self-contained) against the lower root it covered, and returns the app's changes: added and
/// changed files with their metadata, deletions as whiteouts, opaque directories, hard links.
/// Capture artifacts (<see cref="CaptureFilter"/>) and copy-ups that changed nothing are left out,
/// and so are directories of the image that only held what was left out.
/// </summary>
internal static class DeltaScanner
{
    private const string OverlayPrefix = "trusted.overlay.";

    public static CaptureDelta Scan(string upper, string lower)
    {
        var walker = new Walker(upper, lower);
        var items = walker.Walk(string.Empty, lowerIsDirectory: true);
        return new CaptureDelta(LinkHardLinks(items), walker.Stripped, walker.Unchanged, walker.Notes);
    }

    // Regular files that share an inode become one file and hard links to it, in layer order.
    private static List<DeltaItem> LinkHardLinks(List<DeltaItem> items)
    {
        var first = new Dictionary<(ulong, ulong), string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Kind != LayerEntryKind.File || item.Status.LinkCount < 2)
            {
                continue;
            }

            var key = (item.Status.Device, item.Status.Inode);
            if (first.TryGetValue(key, out var target))
            {
                items[i] = item with { Kind = LayerEntryKind.HardLink, LinkTarget = target };
            }
            else
            {
                first[key] = item.Path;
            }
        }

        return items;
    }

    private sealed class Walker(string upper, string lower)
    {
        public int Stripped { get; private set; }

        public int Unchanged { get; private set; }

        public List<string> Notes { get; } = [];

        public List<DeltaItem> Walk(string directory, bool lowerIsDirectory)
        {
            return Walk(directory, lowerIsDirectory, out _);
        }

        // strippedBelow: whether anything in this directory's subtree was left out as an artifact.
        private List<DeltaItem> Walk(string directory, bool lowerIsDirectory, out bool strippedBelow)
        {
            strippedBelow = false;
            var items = new List<DeltaItem>();
            var names = Directory.EnumerateFileSystemEntries(Path.Combine(upper, directory))
                .Select(p => Path.GetFileName(p)!)
                .Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var path = directory.Length == 0 ? name : directory + "/" + name;
                var disk = Path.Combine(upper, path);
                var status = LinuxFiles.LStat(disk);
                var before = lowerIsDirectory ? LinuxFiles.TryLStat(Path.Combine(lower, path)) : null;
                if (CaptureFilter.IsArtifact(path, status.IsOverlayWhiteout ? FileKind.Regular : status.Kind))
                {
                    Stripped++;
                    strippedBelow = true;
                    continue;
                }

                if (status.IsOverlayWhiteout)
                {
                    items.Add(new DeltaItem(path, LayerEntryKind.Whiteout, status, disk, Empty, before is not null, null));
                    continue;
                }

                var xattrs = LinuxFiles.ListXattrs(disk);
                var opaque = xattrs.TryGetValue(OverlayPrefix + "opaque", out var flag) && flag is [(byte)'y'];
                var own = xattrs.Where(x => !x.Key.StartsWith(OverlayPrefix, StringComparison.Ordinal))
                    .ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
                switch (status.Kind)
                {
                    case FileKind.Directory:
                        items.AddRange(WalkDirectory(path, disk, status, before, own, opaque, out var below));
                        strippedBelow |= below;
                        break;
                    case FileKind.Regular:
                    case FileKind.Symlink:
                        var target = status.Kind == FileKind.Symlink ? new FileInfo(disk).LinkTarget : null;
                        if (before is { } b && SameAsBefore(disk, status, own, b, target))
                        {
                            Unchanged++;
                            continue;
                        }

                        var kind = status.Kind == FileKind.Regular ? LayerEntryKind.File : LayerEntryKind.Symlink;
                        items.Add(new DeltaItem(path, kind, status, disk, own, before is not null, target));
                        break;
                    default:
                        Notes.Add($"left out /{path}: a {status.Kind} has no place in a package");
                        break;
                }
            }

            return items;
        }

        private IEnumerable<DeltaItem> WalkDirectory(
            string path, string disk, FileStatus status, FileStatus? before, Dictionary<string, byte[]> xattrs, bool opaque, out bool strippedBelow)
        {
            var existed = before?.Kind == FileKind.Directory;
            var children = Walk(path, existed && !opaque, out strippedBelow);
            var changed = !existed || opaque || before!.Value.Mode != status.Mode || before.Value.Uid != status.Uid
                || before.Value.Gid != status.Gid || !SameXattrs(LinuxFiles.ListXattrs(Path.Combine(lower, path)), xattrs);

            // A directory that only held what was left out is left out too (the image has it, or it
            // existed only for artifacts); a new directory the installer left empty is the app's.
            if (children.Count == 0 && (!changed || (!existed && strippedBelow)))
            {
                return children;
            }

            var self = new DeltaItem(path, LayerEntryKind.Directory, status, disk, xattrs, before is not null, null);
            return opaque
                ? [self, self with { Kind = LayerEntryKind.Opaque }, .. children]
                : [self, .. children];
        }

        private bool SameAsBefore(string disk, FileStatus status, Dictionary<string, byte[]> xattrs, FileStatus before, string? target)
        {
            if (before.Kind != status.Kind || before.Mode != status.Mode || before.Uid != status.Uid || before.Gid != status.Gid)
            {
                return false;
            }

            var lowerPath = Path.Combine(lower, Path.GetRelativePath(upper, disk));
            if (status.Kind == FileKind.Symlink)
            {
                return new FileInfo(lowerPath).LinkTarget == target;
            }

            return before.Size == status.Size && SameXattrs(LinuxFiles.ListXattrs(lowerPath), xattrs) && SameContent(disk, lowerPath);
        }

        private static readonly IReadOnlyDictionary<string, byte[]> Empty = new Dictionary<string, byte[]>();

        private static bool SameXattrs(IReadOnlyDictionary<string, byte[]> lowerXattrs, Dictionary<string, byte[]> upperXattrs) =>
            lowerXattrs.Count == upperXattrs.Count
            && lowerXattrs.All(x => upperXattrs.TryGetValue(x.Key, out var v) && v.AsSpan().SequenceEqual(x.Value));

        private static bool SameContent(string a, string b)
        {
            using var left = File.OpenRead(a);
            using var right = File.OpenRead(b);
            Span<byte> x = stackalloc byte[16384];
            Span<byte> y = stackalloc byte[16384];
            while (true)
            {
                var n = left.ReadAtLeast(x, x.Length, throwOnEndOfStream: false);
                var m = right.ReadAtLeast(y, y.Length, throwOnEndOfStream: false);
                if (n != m || !x[..n].SequenceEqual(y[..m]))
                {
                    return false;
                }

                if (n == 0)
                {
                    return true;
                }
            }
        }
    }
}
