using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>setgroups(2): replaces the supplementary groups (glibc applies it to every thread).</summary>
    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    internal static unsafe partial int SetGroups(nuint size, uint* groups);
}
