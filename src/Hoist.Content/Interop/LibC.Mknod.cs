using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    internal const uint SIfIfo = 0x1000;
    internal const uint SIfChr = 0x2000;
    internal const uint SIfBlk = 0x6000;

    /// <summary>mknod(2) (exported by glibc since 2.33): creates a device node or a FIFO, the type in
    /// <paramref name="mode"/>'s S_IFMT bits. Never follows a symlink at the last component (EEXIST).</summary>
    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mknod(string path, uint mode, ulong device);

    /// <summary>glibc's makedev: the 64-bit dev_t of a major and minor number.</summary>
    internal static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8)
        | ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);
}
