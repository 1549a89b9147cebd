using Hoist.Linux;
using Hoist.Packaging.Layers;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>Lists a real directory tree as layer entries, parents before children, in ordinal
/// order; a second name of an inode becomes a hard link to the first.</summary>
internal static class TreeScanner
{
    public static List<LayerEntry> Scan(string root)
    {
        var entries = new List<LayerEntry>();
        Walk(root, string.Empty, entries, []);
        return entries;
    }

    private static void Walk(string directory, string prefix, List<LayerEntry> entries, Dictionary<ulong, string> firstNames)
    {
        foreach (var full in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var path = prefix + System.IO.Path.GetFileName(full);
            var status = LinuxFiles.LStat(full);
            var entry = new LayerEntry
            {
                Path = path,
                Kind = LayerEntryKind.Directory,
                Mode = status.Permissions,
                Uid = status.Uid,
                Gid = status.Gid,
                Modified = status.Modified,
                Xattrs = LinuxFiles.ListXattrs(full),
            };

            switch (status.Kind)
            {
                case FileKind.Directory:
                    entries.Add(entry);
                    Walk(full, path + "/", entries, firstNames);
                    break;
                case FileKind.Symlink:
                    entries.Add(entry with { Kind = LayerEntryKind.Symlink, LinkTarget = new FileInfo(full).LinkTarget });
                    break;
                case FileKind.Regular when firstNames.TryGetValue(status.Inode, out var first):
                    entries.Add(entry with { Kind = LayerEntryKind.HardLink, LinkTarget = first });
                    break;
                case FileKind.Regular:
                    firstNames[status.Inode] = path;
                    entries.Add(entry with { Kind = LayerEntryKind.File, Size = status.Size, SourcePath = full });
                    break;
                default:
                    throw new InvalidOperationException($"{full}: {status.Kind} is not expected in a sample tree");
            }
        }
    }
}
