using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    internal const int ORdOnly = 0;
    internal const int ONonBlock = 0x800;
    internal const int ODirectory = 0x10000;
    internal const int ONoFollow = 0x20000;
    internal const int ONoAtime = 0x40000;
    internal const int OCloexec = 0x80000;

    /// <summary>open(2): a new descriptor, or -1 with errno set. With <see cref="ONoFollow"/> a
    /// symlink at the last component fails with ELOOP instead of being followed.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, uint mode);
}
