using System.Globalization;

namespace Hoist.Sequencing.Analysis;

/// <summary>Reads systemd time spans (systemd.time(7)).</summary>
internal static class SystemdTime
{
    private static readonly (string Unit, double Seconds)[] Units =
    [
        ("usec", 1e-6), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6),
        ("msec", 1e-3), ("ms", 1e-3),
        ("seconds", 1), ("second", 1), ("sec", 1), ("s", 1),
        ("minutes", 60), ("minute", 60), ("min", 60), ("m", 60),
        ("hours", 3600), ("hour", 3600), ("hr", 3600), ("h", 3600),
        ("days", 86400), ("day", 86400), ("d", 86400),
        ("weeks", 604800), ("week", 604800), ("w", 604800),
        ("months", 2629800), ("month", 2629800), ("M", 2629800),
        ("years", 31557600), ("year", 31557600), ("y", 31557600),
    ];

    /// <summary>Returns the span in seconds: "90" and "90s" give 90, "1min 30s" and "1min30s" 90, "500ms" 0.5,
    /// "0" 0, and "infinity" <see cref="double.PositiveInfinity"/>. A number without a unit is seconds.
    /// Returns null when the text is not a time span.</summary>
    public static double? ParseSeconds(string text)
    {
        var span = text.Trim();
        if (span == "infinity")
        {
            return double.PositiveInfinity;
        }

        double total = 0;
        var i = 0;
        var any = false;
        while (i < span.Length)
        {
            i = SkipBlanks(span, i);
            var numberStart = i;
            while (i < span.Length && (char.IsAsciiDigit(span[i]) || span[i] == '.'))
            {
                i++;
            }

            if (!double.TryParse(span.AsSpan(numberStart, i - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            i = SkipBlanks(span, i);
            var unitStart = i;
            while (i < span.Length && !char.IsAsciiDigit(span[i]) && !char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            var unit = span[unitStart..i];
            var factor = unit.Length == 0 ? 1 : Units.FirstOrDefault(u => u.Unit == unit).Seconds;
            if (factor == 0)
            {
                return null;
            }

            total += number * factor;
            any = true;
        }

        return any ? total : null;
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
