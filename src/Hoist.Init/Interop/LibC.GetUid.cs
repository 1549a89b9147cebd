using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>getuid(2): the real user id; never fails.</summary>
    [LibraryImport("libc", EntryPoint = "getuid")]
    internal static partial uint GetUid();
}
