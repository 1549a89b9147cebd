namespace Hoist.Core.Storage;

/// <summary>
/// Resolves paths inside an OS root filesystem (an image's rootfs) the way the kernel resolves
/// them for a process chrooted into it, so that Hoist reads the image's own /etc/os-release or
/// libc.so.6 and never the host's: the image's symlinks are absolute in the image's terms
/// (/lib/x86_64-linux-gnu -> /usr/lib/...), which the host would resolve against its own root.
/// </summary>
public static class RootPath
{
    /// <summary>The kernel's limit on symlinks followed in one lookup (MAXSYMLINKS, ELOOP beyond).</summary>
    public const int MaxSymlinks = 40;

    /// <summary>
    /// The host path of <paramref name="path"/> as seen from inside <paramref name="root"/>.
    /// Every symlink met on the way, the last component included, is followed: an absolute
    /// target restarts at <paramref name="root"/>, a relative one continues from the link's
    /// directory, and <c>..</c> stops at <paramref name="root"/> as it stops at / after chroot.
    /// A relative <paramref name="path"/> is taken from the root's /. The result is always
    /// <paramref name="root"/> (made absolute, without a trailing slash) or a path below it;
    /// the file it names need not exist: components from the first missing one on are appended
    /// as given. Only the metadata of paths below <paramref name="root"/> is read (lstat and
    /// readlink). Throws <see cref="IOException"/> after <see cref="MaxSymlinks"/> links
    /// ("too many levels of symbolic links"), as the kernel fails with ELOOP.
    /// </summary>
    public static string Resolve(string root, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(path);

        var hostRoot = Path.GetFullPath(root).TrimEnd('/');
        var resolved = new List<string>();
        var pending = new Stack<string>();
        Push(pending, path);
        var links = 0;

        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (name.Length == 0 || name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            // Links are only looked for in directories that exist: below a missing component
            // (or a file used as a directory) the rest of the path is kept as given.
            var parent = Join(hostRoot, resolved);
            resolved.Add(name);
            var target = Directory.Exists(parent) ? ReadLink(Join(hostRoot, resolved)) : null;
            if (target is null)
            {
                continue;
            }

            if (++links > MaxSymlinks)
            {
                throw new IOException($"cannot resolve {path} inside {hostRoot}: too many levels of symbolic links");
            }

            // The link's own name is replaced by its target, read from the link's directory
            // (or from the root when the target is absolute).
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            Push(pending, target);
        }

        return Join(hostRoot, resolved);
    }

    // Pushes the components of a path so that the first one is popped first.
    private static void Push(Stack<string> pending, string path)
    {
        var names = path.Split('/');
        for (var i = names.Length - 1; i >= 0; i--)
        {
            pending.Push(names[i]);
        }
    }

    private static string Join(string hostRoot, List<string> names) =>
        names.Count == 0 ? (hostRoot.Length == 0 ? "/" : hostRoot) : hostRoot + "/" + string.Join('/', names);

    // The target of the symlink at hostPath (whose directory exists), or null when hostPath
    // is something else or nothing.
    private static string? ReadLink(string hostPath)
    {
        try
        {
            return new FileInfo(hostPath).LinkTarget;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
