using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int descriptor);
}
