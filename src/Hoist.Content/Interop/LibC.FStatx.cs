using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    /// <summary>statx(2) of an open descriptor (an empty path with <see cref="AtEmptyPath"/>): fstat,
    /// change time included.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    internal static unsafe partial int FStatx(int descriptor, byte* emptyPath, int flags, uint mask, out StatxBuffer buffer);
}
