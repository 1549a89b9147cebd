using System.Runtime.InteropServices;

namespace Hoist.Content.Interop;

internal static partial class LibC
{
    /// <summary>rename(2): atomically replaces <paramref name="newPath"/> (not a directory, unless both
    /// are). Never follows a symlink at either end. When both names are links to one inode it does
    /// nothing and succeeds.</summary>
    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Rename(string oldPath, string newPath);
}
