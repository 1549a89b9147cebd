using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hoist.Core.Storage;
using Hoist.Linux;

namespace Hoist.Library.Images;

/// <summary>
/// A digest over a whole directory tree: every entry's path, type, mode, owner, size (of files and
/// links), mtime, extended attributes, and its content or link target. Two trees have the same digest
/// only if nothing in them differs; this is how tests prove that an OS image or a package layer was
/// never written, and how a host checks that an image it fetched is the one that was pushed. A
/// directory's size is left out: it is the filesystem's bookkeeping (ext4 never shrinks a directory
/// that once held many names), not the tree's. Never follows symlinks, never crosses into another
/// filesystem's mount.
/// </summary>
public static class TreeDigest
{
    /// <summary>Walks <paramref name="root"/> in ordinal path order and returns the digest, the
    /// total size of its regular files and the number of entries.</summary>
    public static async Task<TreeSummary> ComputeAsync(string root, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0, entries = 0;
        var rootDevice = LinuxFiles.LStat(root).Device;
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = pending.Pop();
            var path = relative.Length == 0 ? root : Path.Combine(root, relative);
            var status = LinuxFiles.LStat(path);
            entries++;
            var record = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{status.Kind} {status.Mode:x} {status.Uid} {status.Gid} {(status.Kind == FileKind.Directory ? 0 : status.Size)} ")
                .Append(CultureInfo.InvariantCulture, $"{status.ModifiedSeconds}.{status.ModifiedNanoseconds:D9} {status.RdevMajor}:{status.RdevMinor} /{relative}\0");
            foreach (var (name, value) in LinuxFiles.ListXattrs(path))
            {
                record.Append(name).Append('=').Append(Convert.ToHexStringLower(value)).Append('\0');
            }

            switch (status.Kind)
            {
                case FileKind.Regular:
                    record.Append(await Digest.OfFileAsync(path, cancellationToken).ConfigureAwait(false));
                    bytes += status.Size;
                    break;
                case FileKind.Symlink:
                    record.Append(new FileInfo(path).LinkTarget);
                    break;
                case FileKind.Directory when status.Device == rootDevice:
                    // Pushed in reverse so that entries pop in ordinal order.
                    foreach (var child in Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).Order(StringComparer.Ordinal).Reverse())
                    {
                        pending.Push(relative.Length == 0 ? child! : relative + "/" + child);
                    }

                    break;
            }

            hash.AppendData(Encoding.UTF8.GetBytes(record.Append('\n').ToString()));
        }

        return new TreeSummary(Digest.FromHash(hash.GetHashAndReset()), bytes, entries);
    }
}
