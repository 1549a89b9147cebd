using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>setgid(2): as root it sets the real, effective and saved group id (glibc applies it to every thread).</summary>
    [LibraryImport("libc", EntryPoint = "setgid", SetLastError = true)]
    internal static partial int SetGid(uint gid);
}
