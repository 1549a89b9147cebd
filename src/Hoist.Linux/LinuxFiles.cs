using System.Text;
using Hoist.Linux.Interop;

namespace Hoist.Linux;

/// <summary>File metadata calls that .NET lacks: full lstat, and extended attributes.</summary>
public static class LinuxFiles
{
    /// <summary>lstat through statx(2). Throws <see cref="LinuxException"/> (ENOENT when missing).</summary>
    public static FileStatus LStat(string path)
    {
        if (LibC.Statx(LibC.AtFdCwd, path, LibC.AtSymlinkNoFollow, LibC.StatxBasicStats, out var b) != 0)
        {
            throw LinuxException.FromLastError("statx", path);
        }

        return new FileStatus(
            b.Mode, b.Uid, b.Gid, (long)b.Size, b.LinkCount, b.Inode,
            ((ulong)b.DevMajor << 32) | b.DevMinor, b.RdevMajor, b.RdevMinor,
            b.ModificationTime.Seconds, b.ModificationTime.Nanoseconds);
    }

    /// <summary>lstat, or null when nothing is at <paramref name="path"/>.</summary>
    public static FileStatus? TryLStat(string path)
    {
        try
        {
            return LStat(path);
        }
        catch (LinuxException e) when (e.Errno is Errno.ENOENT or 20 /* ENOTDIR */)
        {
            return null;
        }
    }

    /// <summary>The extended attributes of a file (not of a symlink's target), by name. A filesystem
    /// without xattr support gives an empty set.</summary>
    public static unsafe IReadOnlyDictionary<string, byte[]> ListXattrs(string path)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var size = LibC.LListXattr(path, null, 0);
        if (size < 0)
        {
            var e = LinuxException.FromLastError("llistxattr", path);
            return e.Errno == Errno.ENOTSUP ? result : throw e;
        }

        if (size == 0)
        {
            return result;
        }

        var names = new byte[size];
        fixed (byte* p = names)
        {
            size = LibC.LListXattr(path, p, (nuint)names.Length);
        }

        if (size < 0)
        {
            throw LinuxException.FromLastError("llistxattr", path);
        }

        foreach (var name in Encoding.UTF8.GetString(names, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (GetXattr(path, name) is { } value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>One extended attribute's value, or null when the file does not have it.</summary>
    public static unsafe byte[]? GetXattr(string path, string name)
    {
        while (true)
        {
            var size = LibC.LGetXattr(path, name, null, 0);
            if (size < 0)
            {
                var e = LinuxException.FromLastError("lgetxattr", path);
                return e.Errno == Errno.ENODATA ? null : throw e;
            }

            var value = new byte[size];
            fixed (byte* p = value)
            {
                var read = LibC.LGetXattr(path, name, p, (nuint)value.Length);
                if (read >= 0)
                {
                    return read == value.Length ? value : value[..(int)read];
                }

                // The value grew between the two calls: ask again.
                var e = LinuxException.FromLastError("lgetxattr", path);
                if (e.Errno != Errno.ERANGE)
                {
                    throw e;
                }
            }
        }
    }

    /// <summary>Sets an extended attribute on a file (not on a symlink's target).</summary>
    public static unsafe void SetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            if (LibC.LSetXattr(path, name, p, (nuint)value.Length, 0) != 0)
            {
                throw LinuxException.FromLastError("lsetxattr", path);
            }
        }
    }
}
