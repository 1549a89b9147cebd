using System.Globalization;
using System.Text;
using Hoist.Core.Errors;

namespace Hoist.Sequencing.Analysis;

/// <summary>Expands the "%" specifiers of a system unit's settings, with the values the system
/// service manager gives them.</summary>
internal static class UnitSpecifiers
{
    /// <summary>Returns <paramref name="text"/> with %n %N %p %i %I (from <paramref name="unitName"/>,
    /// such as "redis-server.service" or "getty@tty1.service"), %t %S %C %L %E %T %V %h and %% replaced.
    /// Throws <see cref="ErrorKind.InvalidArgument"/> on any other specifier, as systemd refuses the setting then.</summary>
    public static string Expand(string text, string unitName)
    {
        if (!text.Contains('%'))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                output.Append(text[i]);
                continue;
            }

            if (++i == text.Length)
            {
                throw HoistException.InvalidArgument($"'{text}' ends with a lone '%'", "write %% for a literal '%'");
            }

            output.Append(Resolve(text[i], unitName)
                ?? throw HoistException.InvalidArgument($"'{text}' uses the specifier %{text[i]}, which Hoist does not resolve"));
        }

        return output.ToString();
    }

    private static string? Resolve(char specifier, string unitName)
    {
        var bare = unitName.EndsWith(".service", StringComparison.Ordinal) ? unitName[..^".service".Length] : unitName;
        var at = bare.IndexOf('@');
        var prefix = at < 0 ? bare : bare[..at];
        var instance = at < 0 ? string.Empty : bare[(at + 1)..];
        return specifier switch
        {
            'n' => unitName,
            'N' => bare,
            'p' => prefix,
            'i' => instance,
            'I' => Unescape(instance),
            't' => "/run",
            'S' => "/var/lib",
            'C' => "/var/cache",
            'L' => "/var/log",
            'E' => "/etc",
            'T' => "/tmp",
            'V' => "/var/tmp",
            'h' => "/root",
            '%' => "%",
            _ => null,
        };
    }

    /// <summary>Undoes systemd-escape: "-" stands for "/" and "\xHH" for a byte.</summary>
    private static string Unescape(string escaped)
    {
        var output = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '-')
            {
                output.Append('/');
            }
            else if (escaped[i] == '\\' && i + 3 < escaped.Length && escaped[i + 1] == 'x'
                && byte.TryParse(escaped.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                output.Append((char)b);
                i += 3;
            }
            else
            {
                output.Append(escaped[i]);
            }
        }

        return output.ToString();
    }
}
