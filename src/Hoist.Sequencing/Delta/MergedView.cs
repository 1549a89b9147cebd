using Hoist.Core.Storage;
using Hoist.Linux;

namespace Hoist.Sequencing.Delta;

/// <summary>Reads files of the captured system as the installer left them: from the upper directory
/// when the installer wrote them, else from the image. Never reads the machine's own files.</summary>
internal sealed class MergedView(string upper, string lower)
{
    /// <summary>The text of an absolute path, or null when it is missing or was deleted.</summary>
    public string? ReadText(string path)
    {
        var inUpper = RootPath.Resolve(upper, path);
        var status = LinuxFiles.TryLStat(inUpper);
        if (status is { IsOverlayWhiteout: true })
        {
            return null;
        }

        if (status is { Kind: FileKind.Regular })
        {
            return File.ReadAllText(inUpper);
        }

        var inLower = RootPath.Resolve(lower, path);
        return LinuxFiles.TryLStat(inLower) is { Kind: FileKind.Regular } ? File.ReadAllText(inLower) : null;
    }

    /// <summary>The text of an absolute path in the image as it was before the installer ran.</summary>
    public string? ReadBefore(string path)
    {
        var inLower = RootPath.Resolve(lower, path);
        return LinuxFiles.TryLStat(inLower) is { Kind: FileKind.Regular } ? File.ReadAllText(inLower) : null;
    }
}
