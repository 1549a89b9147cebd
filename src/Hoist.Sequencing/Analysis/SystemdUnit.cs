namespace Hoist.Sequencing.Analysis;

/// <summary>
/// A systemd unit file, parsed as systemd reads it: [Section] headers, Key=Value lines with the
/// blanks around key and value removed, comment lines starting with '#' or ';' (also between
/// continued lines), and a line ending in an unescaped backslash continued on the next one (the
/// backslash becomes a space). Values are kept raw: no unquoting, no specifier expansion.
/// Assignments outside any section and lines without '=' are ignored, as systemd ignores them.
/// </summary>
public sealed class SystemdUnit
{
    private readonly Dictionary<string, Dictionary<string, List<string>>> sections = new(StringComparer.Ordinal);
    private readonly List<string> sectionOrder = [];

    private SystemdUnit()
    {
    }

    /// <summary>The section names in the order they first appear; a repeated section is merged into the first.</summary>
    public IReadOnlyList<string> Sections => sectionOrder;

    /// <summary>Parses a unit file's text; never throws.</summary>
    public static SystemdUnit Parse(string text)
    {
        var unit = new SystemdUnit();
        string? section = null;
        var logical = new System.Text.StringBuilder();
        var continuing = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var comment = line.StartsWith('#') || line.StartsWith(';');
            if (comment || (!continuing && line.Length == 0))
            {
                continue;
            }

            if (EndsWithContinuation(line))
            {
                logical.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continuing = true;
                continue;
            }

            logical.Append(line);
            section = unit.Add(logical.ToString(), section);
            logical.Clear();
            continuing = false;
        }

        if (continuing)
        {
            unit.Add(logical.ToString().TrimEnd(), section);
        }

        return unit;
    }

    /// <summary>The last value assigned to <paramref name="key"/> in <paramref name="section"/>, raw
    /// (an empty string when the last assignment was empty), or null when the key is never set.</summary>
    public string? Get(string section, string key) =>
        Values(section, key) is { Count: > 0 } values ? values[^1] : null;

    /// <summary>Every value assigned to <paramref name="key"/> in order, starting after the last empty
    /// assignment (which resets a list in systemd); empty when the key is never set or was reset last.</summary>
    public IReadOnlyList<string> GetAll(string section, string key)
    {
        var values = Values(section, key);
        if (values is null)
        {
            return [];
        }

        var reset = values.FindLastIndex(v => v.Length == 0);
        return values.GetRange(reset + 1, values.Count - reset - 1);
    }

    /// <summary>The words of every value <see cref="GetAll"/> returns, split by <see cref="SplitWords"/>:
    /// what a space-separated list setting (After=, RuntimeDirectory=) holds in the end.
    /// Throws <see cref="Hoist.Core.Errors.ErrorKind.InvalidArgument"/> on bad quoting.</summary>
    public IReadOnlyList<string> GetWords(string section, string key) =>
        [.. GetAll(section, key).SelectMany(SplitWords)];

    /// <summary>Splits a space-separated value into words: double and single quotes group words with
    /// blanks, and backslash escapes (\\, \", \', \n, \t, \s, \xHH, octal \NNN) are decoded.
    /// Throws <see cref="Hoist.Core.Errors.ErrorKind.InvalidArgument"/> on an unterminated quote or a bad escape.</summary>
    public static IReadOnlyList<string> SplitWords(string value) =>
        [.. UnitLexer.Split(value).Select(w => w.Text)];

    private List<string>? Values(string section, string key) =>
        sections.TryGetValue(section, out var keys) && keys.TryGetValue(key, out var values) ? values : null;

    /// <summary>Records one logical line and returns the section that follows it.</summary>
    private string? Add(string line, string? section)
    {
        if (line.StartsWith('[') && line.EndsWith(']'))
        {
            var name = line[1..^1].Trim();
            if (!sections.ContainsKey(name))
            {
                sections[name] = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                sectionOrder.Add(name);
            }

            return name;
        }

        var equals = line.IndexOf('=');
        if (section is null || equals <= 0)
        {
            return section;
        }

        var key = line[..equals].Trim();
        var keys = sections[section];
        if (!keys.TryGetValue(key, out var values))
        {
            values = [];
            keys[key] = values;
        }

        values.Add(line[(equals + 1)..].Trim());
        return section;
    }

    /// <summary>A line continues on the next one when it ends in an odd number of backslashes.</summary>
    private static bool EndsWithContinuation(string line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }
}
