using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    internal const int XOk = 1;

    /// <summary>access(2): 0 when the real user may do <paramref name="mode"/> with the file, else -1
    /// (EACCES also for a filesystem mounted noexec).</summary>
    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Access(string path, int mode);
}
