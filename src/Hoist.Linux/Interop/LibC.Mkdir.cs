using System.Runtime.InteropServices;

namespace Hoist.Linux.Interop;

internal static partial class LibC
{
    /// <summary>mkdir(2): creates one directory; fails with EEXIST on anything already there,
    /// a symlink included (it never follows one at the last component).</summary>
    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mkdir(string path, uint mode);
}
