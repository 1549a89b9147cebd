using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>The tv_nsec value that tells utimensat to leave a time as it is.</summary>
    internal const long UtimeOmit = (1L << 30) - 2;

    /// <summary>utimensat(2): sets a file's access and modification times; with
    /// <see cref="AtSymlinkNoFollow"/> it sets those of a symlink itself.</summary>
    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int Utimensat(int dirfd, string path, Timespec* times, int flags);

    /// <summary>struct timespec as glibc lays it out: time_t and long are both the native word.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }
}
