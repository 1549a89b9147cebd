using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>setuid(2): as root it sets the real, effective and saved user id, for good (glibc applies
    /// it to every thread). Done last, since it takes away the right to change the rest.</summary>
    [LibraryImport("libc", EntryPoint = "setuid", SetLastError = true)]
    internal static partial int SetUid(uint uid);
}
