namespace Hoist.Core.Storage;

/// <summary>Operations on whole directory trees that never reach through a mount or a symlink.</summary>
public static class FileTree
{
    /// <summary>
    /// Deletes <paramref name="path"/> and everything below it, if it exists. Refuses (throws
    /// <see cref="InvalidOperationException"/>) when a filesystem is mounted below it: deleting
    /// through a mount would destroy what is mounted, an OS image for instance. Symlinks are
    /// removed, never followed.
    /// </summary>
    public static void Delete(string path)
    {
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
        {
            info.Delete();
            return;
        }

        if (!info.Exists)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            return;
        }

        var mounted = Mounts.Below(path);
        if (mounted.Count > 0)
        {
            throw new InvalidOperationException($"refusing to delete {path}: {mounted[0]} is mounted below it");
        }

        info.Delete(recursive: true);
    }

    /// <summary>The total size in bytes of the regular files below <paramref name="path"/> and their count.</summary>
    public static (long Bytes, long Files) Measure(string path)
    {
        long bytes = 0, files = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", options))
        {
            if (file.LinkTarget is null)
            {
                bytes += file.Length;
            }

            files++;
        }

        return (bytes, files);
    }
}
