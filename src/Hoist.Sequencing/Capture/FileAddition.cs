using Hoist.Core.Errors;

namespace Hoist.Sequencing.Capture;

/// <summary>A file or directory of this machine copied into the capture root (--add SRC:DEST).</summary>
/// <param name="Source">A path on this machine.</param>
/// <param name="Destination">An absolute path inside the capture root.</param>
public sealed record FileAddition(string Source, string Destination)
{
    /// <summary>Parses "SRC:DEST". Throws <see cref="ErrorKind.InvalidArgument"/> when the form is wrong
    /// or DEST is not a clean absolute path, <see cref="ErrorKind.NotFound"/> when SRC does not exist.</summary>
    public static FileAddition Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw HoistException.InvalidArgument($"--add '{text}' is not of the form SRC:DEST", "for example --add ./site:/var/www/site");
        }

        var source = text[..colon];
        var destination = text[(colon + 1)..];
        if (!destination.StartsWith('/') || destination.Split('/').Contains("..") || destination.Contains('\t') || destination.Contains('\n'))
        {
            throw HoistException.InvalidArgument($"--add destination '{destination}' must be an absolute path without '..'");
        }

        if (!File.Exists(source) && !Directory.Exists(source))
        {
            throw HoistException.NotFound($"--add source '{source}' does not exist");
        }

        return new FileAddition(Path.GetFullPath(source), destination.TrimEnd('/'));
    }
}
