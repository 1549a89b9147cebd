using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    /// <summary>syncfs(2): writes to disk everything cached of the filesystem holding the open file.</summary>
    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    internal static partial int Syncfs(int descriptor);
}
