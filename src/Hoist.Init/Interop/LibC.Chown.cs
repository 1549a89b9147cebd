using System.Runtime.InteropServices;

namespace Hoist.Init.Interop;

internal static partial class LibC
{
    /// <summary>chown(2): follows a symlink at the last component.</summary>
    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Chown(string path, uint uid, uint gid);
}
