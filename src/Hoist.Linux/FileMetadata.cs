using Hoist.Linux.Interop;

namespace Hoist.Linux;

/// <summary>
/// The calls that set a file's metadata where .NET offers none, or offers only a version that
/// follows symlinks. None of them follows a symlink at the last component of the path.
/// Each throws <see cref="LinuxException"/> naming the call and the path when the kernel refuses.
/// </summary>
public static class FileMetadata
{
    /// <summary>Sets the owner and group of a file, or of a symlink itself (lchown). Changing the
    /// owner of a regular file clears its setuid and setgid bits and its security.capability
    /// xattr, so a caller restoring metadata sets those after this.</summary>
    public static void SetOwner(string path, uint uid, uint gid)
    {
        if (LibC.LChown(path, uid, gid) != 0)
        {
            throw LinuxException.FromLastError("lchown", path);
        }
    }

    /// <summary>Sets the permission bits of a file or directory, setuid, setgid and sticky included
    /// (mode &amp; 07777). Follows a symlink at the last component, as chmod(2) does: callers
    /// never pass one.</summary>
    public static void SetMode(string path, uint mode)
    {
        if (LibC.Chmod(path, mode & 0xFFF) != 0)
        {
            throw LinuxException.FromLastError("chmod", path);
        }
    }

    /// <summary>Creates one directory with permission bits <paramref name="mode"/> (less the umask).
    /// Its parent must exist; fails with EEXIST when anything is at <paramref name="path"/>, a
    /// symlink included, so it never creates through one.</summary>
    public static void CreateDirectory(string path, uint mode)
    {
        if (LibC.Mkdir(path, mode & 0xFFF) != 0)
        {
            throw LinuxException.FromLastError("mkdir", path);
        }
    }

    /// <summary>Sets the modification time of a file, or of a symlink itself, to the 100 ns that
    /// <see cref="DateTimeOffset"/> holds; the access time is left alone (utimensat with
    /// AT_SYMLINK_NOFOLLOW). Times before 1970 are allowed.</summary>
    public static unsafe void SetModifiedTime(string path, DateTimeOffset modified)
    {
        var ticks = modified.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        var times = stackalloc LibC.Timespec[2];
        times[0] = new LibC.Timespec { Seconds = 0, Nanoseconds = (nint)LibC.UtimeOmit };
        times[1] = new LibC.Timespec { Seconds = (nint)seconds, Nanoseconds = (nint)(remainder * 100) };
        if (LibC.Utimensat(LibC.AtFdCwd, path, times, LibC.AtSymlinkNoFollow) != 0)
        {
            throw LinuxException.FromLastError("utimensat", path);
        }
    }

    /// <summary>Creates an overlayfs whiteout at <paramref name="path"/>: the character device
    /// 0:0, with permission bits <paramref name="permissions"/> (less the umask). Needs
    /// CAP_MKNOD; fails with EEXIST when something is already there.</summary>
    public static void CreateOverlayWhiteout(string path, uint permissions = 0)
    {
        if (LibC.Mknod(path, LibC.SIfChr | (permissions & 0xFFF), 0) != 0)
        {
            throw LinuxException.FromLastError("mknod", path);
        }
    }

    /// <summary>Makes <paramref name="newPath"/> a hard link to <paramref name="existing"/>. When
    /// <paramref name="existing"/> is a symlink the new name links to the symlink, never to its
    /// target. Fails with EEXIST when <paramref name="newPath"/> exists.</summary>
    public static void CreateHardLink(string existing, string newPath)
    {
        if (LibC.Link(existing, newPath) != 0)
        {
            throw LinuxException.FromLastError("link", newPath);
        }
    }
}
