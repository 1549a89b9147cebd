using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    /// <summary>The tv_nsec value that tells utimensat to leave a time as it is.</summary>
    internal const long UtimeOmit = (1L << 30) - 2;

    /// <summary>utimensat(2): with <see cref="AtSymlinkNoFollow"/> sets the times of a symlink itself.
    /// Hoist.Linux's takes a DateTimeOffset (100 ns); recipes keep nanoseconds.</summary>
    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int Utimensat(int dirfd, string path, Timespec* times, int flags);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
