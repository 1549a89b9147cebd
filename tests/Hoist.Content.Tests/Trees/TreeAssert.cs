using System.Security.Cryptography;
using Hoist.Content.Interop;
using Hoist.Linux;

namespace Hoist.Content.Tests.Trees;

/// <summary>Compares two real trees entry by entry: kind, owner, mode, mtime to the nanosecond,
/// size and content, symlink targets, device numbers, xattrs, and which names share an inode.</summary>
internal static class TreeAssert
{
    /// <summary>Fails listing every difference. Sockets are not compared (a scan skips them), nor
    /// overlayfs's own xattrs other than the opaque marker (a scan drops them).</summary>
    public static void Identical(string expected, string actual)
    {
        var want = Describe(expected);
        var got = Describe(actual);
        var differences = want.Keys.Union(got.Keys).Order(StringComparer.Ordinal)
            .Where(p => !want.TryGetValue(p, out var w) || !got.TryGetValue(p, out var g) || w != g)
            .Select(p => $"{(p.Length == 0 ? "(root)" : p)}:\n    expected {want.GetValueOrDefault(p) ?? "(nothing)"}\n    actual   {got.GetValueOrDefault(p) ?? "(nothing)"}")
            .ToList();
        Assert.True(differences.Count == 0, $"{expected} and {actual} differ:\n" + string.Join("\n", differences));
    }

    public static Dictionary<string, string> Describe(string root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var inodes = new Dictionary<ulong, List<string>>();
        var paths = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Prepend(root);
        foreach (var disk in paths)
        {
            var path = disk == root ? string.Empty : disk[(root.Length + 1)..];
            var status = Nodes.LStat(disk);
            if (status.Kind == FileKind.Socket)
            {
                continue;
            }

            if (status.Kind != FileKind.Directory && status.LinkCount > 1)
            {
                inodes.TryAdd(status.Inode, []);
                inodes[status.Inode].Add(path);
            }

            var content = status.Kind switch
            {
                FileKind.Regular => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(disk)))[..16],
                FileKind.Symlink => "-> " + new FileInfo(disk).LinkTarget,
                FileKind.CharDevice or FileKind.BlockDevice => $"{status.RdevMajor}:{status.RdevMinor}",
                _ => string.Empty,
            };
            var xattrs = string.Join(",", LinuxFiles.ListXattrs(disk)
                .Where(x => !x.Key.StartsWith("trusted.overlay.", StringComparison.Ordinal) || x.Key == "trusted.overlay.opaque")
                .Select(x => $"{x.Key}={Convert.ToHexString(x.Value)}"));
            var mode = status.Kind == FileKind.Symlink ? "-" : Convert.ToString(status.Permissions, 8);
            result[path] = $"{status.Kind} mode {mode} owner {status.Uid}:{status.Gid} mtime {status.MtimeNs} size {(status.Kind == FileKind.Directory ? 0 : status.Size)} {content} xattrs [{xattrs}]";
        }

        foreach (var names in inodes.Values)
        {
            foreach (var name in names)
            {
                result[name] += " linked with [" + string.Join(",", names.Where(n => n != name).Order(StringComparer.Ordinal)) + "]";
            }
        }

        return result;
    }
}
