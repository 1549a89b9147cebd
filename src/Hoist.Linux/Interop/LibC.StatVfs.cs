using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>statvfs(3): what a filesystem is mounted with. The layout is that of glibc on 64-bit Linux.</summary>
    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int StatVfs(string path, out StatVfsBuffer buffer);

    [StructLayout(LayoutKind.Sequential)]
    internal struct StatVfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FilesystemId;
        public ulong Flags;
        public ulong NameMax;
        public int Spare0;
        public int Spare1;
        public int Spare2;
        public int Spare3;
        public int Spare4;
        public int Spare5;
    }
}
