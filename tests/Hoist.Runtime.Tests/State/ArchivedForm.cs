using System.Runtime.InteropServices;
using Hoist.Linux;

namespace Hoist.Runtime.Tests.State;

/// <summary>
/// Brings an original upper directory to what a state archive keeps of it by design, so that a test
/// can compare it digest for digest with an extracted one:
/// overlayfs's own xattrs (trusted.overlay.origin, impure, uuid: file handles of this host's lower
/// layers) are dropped and only the opaque flag is kept; mtimes are kept to the 100 ns of a
/// layer entry's DateTimeOffset, not to the nanosecond.
/// </summary>
internal static partial class ArchivedForm
{
    private const string Prefix = "trusted.overlay.";
    private const string Opaque = "trusted.overlay.opaque";

    /// <summary>Applies both to <paramref name="root"/> and everything below it; returns how many
    /// overlayfs xattrs it removed.</summary>
    public static int Apply(string root)
    {
        var removed = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        var paths = Directory.EnumerateFileSystemEntries(root, "*", options).Prepend(root).ToList();

        // Deepest first: setting a directory's mtime must come after anything below it changes.
        foreach (var path in paths.OrderByDescending(p => p.Length))
        {
            foreach (var name in LinuxFiles.ListXattrs(path).Keys.Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n != Opaque))
            {
                Assert.True(LRemoveXattr(path, name) == 0, $"lremovexattr {path} {name}: errno {Marshal.GetLastPInvokeError()}");
                removed++;
            }

            FileMetadata.SetModifiedTime(path, LinuxFiles.LStat(path).Modified);
        }

        return removed;
    }

    [LibraryImport("libc", EntryPoint = "lremovexattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LRemoveXattr(string path, string name);
}
