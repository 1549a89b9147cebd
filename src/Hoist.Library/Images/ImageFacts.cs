using Hoist.Core.Storage;
using Hoist.Packaging.Compatibility;

namespace Hoist.Library.Images;

/// <summary>Reads what Hoist records of an OS root: its release, architecture, glibc, libraries, digest.</summary>
internal static class ImageFacts
{
    /// <summary>Reads the facts of the root at <paramref name="root"/> into a record for the image
    /// <paramref name="name"/>. Throws <see cref="Hoist.Core.Errors.ErrorKind.InvalidArgument"/> when the
    /// directory is not an OS root (no /bin/sh, no libc).</summary>
    public static async Task<ImageRecord> ReadAsync(
        ImageStore store, string name, string root, string source, string? release, CancellationToken cancellationToken)
    {
        var host = HostFactsProbe.FromRoot(name, root);
        var os = ReadOsRelease(root);
        var tree = await TreeDigest.ComputeAsync(root, cancellationToken).ConfigureAwait(false);
        return new ImageRecord
        {
            Name = name,
            Release = release ?? os.Codename,
            Source = source,
            Os = os,
            Architecture = host.Architecture,
            Glibc = host.Glibc,
            Libraries = host.Libraries,
            Digest = tree.Digest,
            Size = tree.Bytes,
            Files = tree.Entries,
            Created = DateTimeOffset.UtcNow,
            RootPath = store.RootOf(name),
        };
    }

    /// <summary>The image's os-release, read inside the root (it is usually a symlink into /usr/lib).</summary>
    public static OsRelease ReadOsRelease(string root)
    {
        foreach (var candidate in new[] { "/etc/os-release", "/usr/lib/os-release" })
        {
            var path = RootPath.Resolve(root, candidate);
            if (File.Exists(path))
            {
                return OsRelease.Parse(File.ReadAllText(path));
            }
        }

        return new OsRelease(null, null, null, null);
    }
}
