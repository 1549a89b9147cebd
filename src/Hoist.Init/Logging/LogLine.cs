using System.Globalization;
using System.Text;

namespace Hoist.Init.Logging;

/// <summary>
/// The line format of every log hoist-init writes: "2026-11-25T11:40:00.123Z out TEXT" (UTC, milliseconds,
/// then the stream: "out" or "err"). One format for the services' output and hoist-init's own events, so
/// that one reader serves them all.
/// </summary>
internal static class LogLine
{
    public const string Out = "out";
    public const string Err = "err";

    /// <summary>The length of the prefix: 24 characters of timestamp, a blank, 3 of stream, a blank.</summary>
    public const int PrefixLength = 29;

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Writes "TIMESTAMP STREAM " as UTF-8 into <paramref name="destination"/> (at least
    /// <see cref="PrefixLength"/> bytes); returns the bytes written.</summary>
    public static int WritePrefix(DateTimeOffset time, string stream, Span<byte> destination)
    {
        time.UtcDateTime.TryFormat(destination, out var written, TimestampFormat, CultureInfo.InvariantCulture);
        destination[written++] = (byte)' ';
        written += Encoding.ASCII.GetBytes(stream, destination[written..]);
        destination[written++] = (byte)' ';
        return written;
    }

    /// <summary>One whole line, with its newline.</summary>
    public static string Format(DateTimeOffset time, string stream, string text) =>
        $"{time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture)} {stream} {text}\n";

    /// <summary>Splits a line written by <see cref="Format"/> into its time, stream and text; false for
    /// anything else.</summary>
    public static bool TryParse(string line, out DateTimeOffset time, out string stream, out string text)
    {
        time = default;
        stream = text = string.Empty;
        if (line.Length < PrefixLength - 1 || line[24] != ' '
            || !DateTimeOffset.TryParseExact(line[..24], TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            return false;
        }

        stream = line.Substring(25, 3);
        text = line.Length > PrefixLength ? line[PrefixLength..] : string.Empty;
        return stream is Out or Err;
    }
}
