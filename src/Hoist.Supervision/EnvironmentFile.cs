using System.Text;

namespace Hoist.Supervision;

/// <summary>Reads a file named by systemd's EnvironmentFile= (such as /etc/default/kvstore).</summary>
public static class EnvironmentFile
{
    /// <summary>
    /// Returns the variables the file sets, as systemd reads it: one NAME=VALUE per line; blank lines and
    /// lines starting with '#' or ';' are skipped; blanks around the name and before the value are dropped;
    /// in an unquoted value a backslash takes the next character literally (at the end of a line it joins
    /// the next one) and trailing blanks are dropped; single quotes keep everything literally; in double
    /// quotes a backslash escapes only '"', '\', '`', '$' and a newline. A later line wins over an earlier
    /// one. Lines without '=' or with an invalid name are ignored.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var lineEnd = text.IndexOf('\n', i) is var n and >= 0 ? n : text.Length;
            var line = text.AsSpan(i, lineEnd - i).TrimStart();
            var equals = line.IndexOf('=');
            if (line.IsEmpty || line[0] is '#' or ';' || equals <= 0)
            {
                i = lineEnd + 1;
                continue;
            }

            var name = line[..equals].Trim().ToString();
            var start = lineEnd - line.Length + equals + 1;
            var (value, next) = ReadValue(text, start);
            if (EnvironmentExpander.IsName(name))
            {
                variables[name] = value;
            }

            i = next;
        }

        return variables;
    }

    /// <summary>Reads the value that starts at <paramref name="start"/>; returns it and the index after its line.</summary>
    private static (string Value, int Next) ReadValue(string text, int start)
    {
        var value = new StringBuilder();
        var kept = 0;
        var quote = '\0';
        var i = start;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        for (; i < text.Length && (quote != '\0' || text[i] != '\n'); i++)
        {
            var c = text[i];
            if (quote == '\0' && c is '\'' or '"')
            {
                quote = c;
                kept = value.Length;
                continue;
            }

            if (quote != '\0' && c == quote)
            {
                quote = '\0';
                kept = value.Length;
                continue;
            }

            if (c == '\\' && quote != '\'' && i + 1 < text.Length)
            {
                var escaped = text[++i];
                if (escaped == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                    continue;
                }

                if (escaped == '\n')
                {
                    continue;
                }

                if (quote == '"' && escaped is not ('"' or '\\' or '`' or '$'))
                {
                    value.Append('\\');
                }

                value.Append(escaped);
                kept = value.Length;
                continue;
            }

            value.Append(c);
            kept = quote != '\0' || !char.IsWhiteSpace(c) ? value.Length : kept;
        }

        return (value.ToString(0, kept), i + 1);
    }
}
