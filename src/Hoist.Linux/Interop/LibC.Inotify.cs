using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    internal const int InNonblock = 0x800;
    internal const int InCloexec = 0x80000;
    internal const uint InCloseWrite = 0x8;
    internal const uint InMovedTo = 0x80;
    internal const uint InCreate = 0x100;
    internal const uint InOnlyDir = 0x1000000;

    /// <summary>inotify_init1(2): a new inotify instance's descriptor, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    internal static partial int InotifyInit(int flags);

    /// <summary>inotify_add_watch(2): the watch descriptor, or -1 with errno set.</summary>
    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int InotifyAddWatch(int descriptor, string path, uint mask);

    /// <summary>read(2): the bytes read, 0 at end of file, or -1 with errno set (EAGAIN: nothing to read).</summary>
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(int descriptor, byte* buffer, nuint count);
}
