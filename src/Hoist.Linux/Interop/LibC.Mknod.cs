using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>The S_IFCHR bits of a mode: a character device.</summary>
    internal const uint SIfChr = 0x2000;

    /// <summary>mknod(2) (exported by glibc since 2.33): creates a device node. dev_t is 64 bits on Linux.</summary>
    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mknod(string path, uint mode, ulong device);
}
