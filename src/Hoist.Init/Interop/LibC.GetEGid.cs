using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>getegid(2); never fails.</summary>
    [LibraryImport("libc", EntryPoint = "getegid")]
    internal static partial uint GetEGid();
}
