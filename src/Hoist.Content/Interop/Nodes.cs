using System.Runtime.InteropServices;
using Hoist.Linux;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Content.Interop;

/// <summary>
/// The file calls a scan and a sync need beyond Hoist.Linux's: none follows a symlink at the last
/// component. Each throws <see cref="LinuxException"/> naming the call and the path.
/// </summary>
internal static class Nodes
{
    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int ELOOP = 40;
    public const int ENOTEMPTY = 39;

    public static NodeStatus LStat(string path) =>
        LibC.Statx(LibC.AtFdCwd, path, LibC.AtSymlinkNoFollow, LibC.StatxBasicStats, out var buffer) == 0
            ? NodeStatus.From(buffer)
            : throw Failed("statx", path);

    /// <summary>lstat, or null when nothing is at <paramref name="path"/> (or a component on the way
    /// is not a directory).</summary>
    public static NodeStatus? TryLStat(string path)
    {
        if (LibC.Statx(LibC.AtFdCwd, path, LibC.AtSymlinkNoFollow, LibC.StatxBasicStats, out var buffer) == 0)
        {
            return NodeStatus.From(buffer);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is ENOENT or ENOTDIR ? null : throw new LinuxException("statx", path, errno);
    }

    public static unsafe NodeStatus FStat(SafeFileHandle handle, string path)
    {
        var empty = stackalloc byte[1];
        empty[0] = 0;
        return LibC.FStatx((int)handle.DangerousGetHandle(), empty, LibC.AtEmptyPath, LibC.StatxBasicStats, out var buffer) == 0
            ? NodeStatus.From(buffer)
            : throw Failed("statx", path);
    }

    /// <summary>Opens a file to read it, without following a symlink (ELOOP), without blocking on a
    /// FIFO, and without updating its access time when this process may ask for that.</summary>
    public static SafeFileHandle OpenForReading(string path)
    {
        const int flags = LibC.ORdOnly | LibC.ONoFollow | LibC.ONonBlock | LibC.OCloexec;
        var descriptor = LibC.Open(path, flags | LibC.ONoAtime, 0);
        if (descriptor < 0 && Marshal.GetLastPInvokeError() == EPERM)
        {
            // O_NOATIME is for the file's owner or CAP_FOWNER only.
            descriptor = LibC.Open(path, flags, 0);
        }

        return descriptor >= 0 ? new SafeFileHandle(descriptor, ownsHandle: true) : throw Failed("open", path);
    }

    /// <summary>Creates a device node or FIFO (mknod); fails with EEXIST when anything is there.</summary>
    public static void MakeNode(string path, FileKind kind, uint permissions, uint major, uint minor)
    {
        var type = kind switch
        {
            FileKind.CharDevice => LibC.SIfChr,
            FileKind.BlockDevice => LibC.SIfBlk,
            FileKind.Fifo => LibC.SIfIfo,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "mknod makes devices and FIFOs only"),
        };
        if (LibC.Mknod(path, type | (permissions & 0xFFF), LibC.MakeDevice(major, minor)) != 0)
        {
            throw Failed("mknod", path);
        }
    }

    public static void Symlink(string target, string path)
    {
        if (LibC.Symlink(target, path) != 0)
        {
            throw Failed("symlink", path);
        }
    }

    /// <summary>Renames over whatever non-directory is at <paramref name="newPath"/>, atomically.</summary>
    public static void Rename(string oldPath, string newPath)
    {
        if (LibC.Rename(oldPath, newPath) != 0)
        {
            throw Failed("rename", newPath);
        }
    }

    /// <summary>Sets the permission bits (07777) of anything but a symlink, never following one.</summary>
    public static void SetMode(string path, uint mode)
    {
        if (LibC.Fchmodat(LibC.AtFdCwd, path, mode & 0xFFF, LibC.AtSymlinkNoFollow) != 0)
        {
            throw Failed("fchmodat", path);
        }
    }

    /// <summary>Sets the modification time to the nanosecond, of a symlink itself too; the access
    /// time is left as it is.</summary>
    public static unsafe void SetModifiedTime(string path, long nanoseconds)
    {
        var seconds = Math.DivRem(nanoseconds, 1_000_000_000, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += 1_000_000_000;
        }

        var times = stackalloc LibC.Timespec[2];
        times[0] = new LibC.Timespec { Seconds = 0, Nanoseconds = LibC.UtimeOmit };
        times[1] = new LibC.Timespec { Seconds = seconds, Nanoseconds = remainder };
        if (LibC.Utimensat(LibC.AtFdCwd, path, times, LibC.AtSymlinkNoFollow) != 0)
        {
            throw Failed("utimensat", path);
        }
    }

    /// <summary>Removes one extended attribute; one already gone is no failure.</summary>
    public static void RemoveXattr(string path, string name)
    {
        if (LibC.LRemoveXattr(path, name) != 0 && Marshal.GetLastPInvokeError() != Errno.ENODATA)
        {
            throw Failed("lremovexattr", path);
        }
    }

    /// <summary>Writes everything cached of the filesystem that holds <paramref name="path"/> to disk.</summary>
    public static void SyncFilesystem(string path)
    {
        var descriptor = LibC.Open(path, LibC.ORdOnly | LibC.ODirectory | LibC.OCloexec, 0);
        if (descriptor < 0)
        {
            throw Failed("open", path);
        }

        try
        {
            if (LibC.Syncfs(descriptor) != 0)
            {
                throw Failed("syncfs", path);
            }
        }
        finally
        {
            LibC.Close(descriptor);
        }
    }

    public static LinuxException Failed(string call, string path) => new(call, path, Marshal.GetLastPInvokeError());
}
