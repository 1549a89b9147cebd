using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>getgid(2): the real group id; never fails.</summary>
    [LibraryImport("libc", EntryPoint = "getgid")]
    internal static partial uint GetGid();
}
