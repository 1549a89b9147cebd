using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>geteuid(2); never fails.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEUid();
}
