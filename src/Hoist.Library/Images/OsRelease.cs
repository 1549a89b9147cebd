namespace Hoist.Library.Images;

/// <summary>The fields of os-release(5) that Hoist shows and matches on.</summary>
public sealed record OsRelease(string? Id, string? VersionId, string? Codename, string? PrettyName)
{
    /// <summary>Parses os-release text: KEY=value lines, values optionally in single or double quotes
    /// with backslash escapes; comments and malformed lines are ignored.</summary>
    public static OsRelease Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            values[line[..equals]] = Unquote(line[(equals + 1)..]);
        }

        return new OsRelease(
            values.GetValueOrDefault("ID"),
            values.GetValueOrDefault("VERSION_ID"),
            values.GetValueOrDefault("VERSION_CODENAME"),
            values.GetValueOrDefault("PRETTY_NAME"));
    }

    private static string Unquote(string value)
    {
        if (value.Length < 2 || (value[0] != '"' && value[0] != '\'') || value[^1] != value[0])
        {
            return value;
        }

        var inner = value[1..^1];
        if (value[0] == '\'')
        {
            return inner;
        }

        var builder = new System.Text.StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            builder.Append(inner[i]);
        }

        return builder.ToString();
    }
}
