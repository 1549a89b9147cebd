using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>getgroups(2): fills <paramref name="groups"/> with the supplementary groups and returns
    /// their number (with size 0, only the number), or -1.</summary>
    [LibraryImport("libc", EntryPoint = "getgroups", SetLastError = true)]
    internal static unsafe partial int GetGroups(int size, uint* groups);
}
