using System.Globalization;
using System.Text;
using Hoist.Core.Errors;

namespace Hoist.Sequencing.Analysis;

/// <summary>Splits a systemd setting's value into words the way systemd does: whitespace separates
/// words, double and single quotes group (anywhere in a word), and C-style backslash escapes are
/// decoded inside and outside quotes.</summary>
internal static class UnitLexer
{
    /// <summary>One word; <c>Plain</c> is true when it was written without quotes or escapes,
    /// which is how a lone ";" separating two commands differs from "\;" or ';'.</summary>
    internal readonly record struct Word(string Text, bool Plain);

    /// <summary>Returns the words of <paramref name="value"/>. Throws <see cref="ErrorKind.InvalidArgument"/>
    /// on an unterminated quote, a trailing backslash or an unknown escape.</summary>
    public static List<Word> Split(string value)
    {
        var words = new List<Word>();
        var current = new StringBuilder();
        var inWord = false;
        var plain = true;
        var quote = '\0';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quote == '\0' && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(new Word(current.ToString(), plain));
                    current.Clear();
                    inWord = false;
                    plain = true;
                }

                continue;
            }

            inWord = true;
            if (c == '\\')
            {
                i = Unescape(value, i, current);
                plain = false;
            }
            else if (quote != '\0' && c == quote)
            {
                quote = '\0';
            }
            else if (quote != '\0')
            {
                current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                plain = false;
            }
            else
            {
                current.Append(c);
            }
        }

        if (quote != '\0')
        {
            throw HoistException.InvalidArgument($"unterminated {quote} quote in '{value}'");
        }

        if (inWord)
        {
            words.Add(new Word(current.ToString(), plain));
        }

        return words;
    }

    /// <summary>Decodes the escape that starts with the backslash at <paramref name="at"/>, appends the
    /// character it stands for and returns the index of the escape's last character.</summary>
    private static int Unescape(string value, int at, StringBuilder output)
    {
        if (at + 1 >= value.Length)
        {
            throw HoistException.InvalidArgument($"trailing backslash in '{value}'");
        }

        var c = value[at + 1];
        var simple = c switch
        {
            'a' => "\a",
            'b' => "\b",
            'f' => "\f",
            'n' => "\n",
            'r' => "\r",
            't' => "\t",
            'v' => "\v",
            's' => " ",
            '\\' or '"' or '\'' or ';' or ' ' or '\t' => c.ToString(),
            _ => null,
        };
        if (simple is not null)
        {
            output.Append(simple);
            return at + 1;
        }

        var (digits, radix) = c switch
        {
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            >= '0' and <= '7' => (3, 8),
            _ => throw HoistException.InvalidArgument($"unknown escape '\\{c}' in '{value}'"),
        };
        var start = radix == 8 ? at + 1 : at + 2;
        var code = ParseNumber(value, start, digits, radix);
        if (code is null or 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
        {
            throw HoistException.InvalidArgument($"bad escape '{value[at..Math.Min(value.Length, start + digits)]}' in '{value}'");
        }

        output.Append(char.ConvertFromUtf32(code.Value));
        return start + digits - 1;
    }

    private static int? ParseNumber(string value, int start, int digits, int radix)
    {
        if (start + digits > value.Length)
        {
            return null;
        }

        var text = value.AsSpan(start, digits);
        if (radix == 16)
        {
            return int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }

        var result = 0;
        foreach (var d in text)
        {
            if (d is < '0' or > '7')
            {
                return null;
            }

            result = (result * 8) + (d - '0');
        }

        return result;
    }
}
