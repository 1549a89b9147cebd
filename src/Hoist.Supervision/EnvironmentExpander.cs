using System.Text;

namespace Hoist.Supervision;

/// <summary>systemd's substitution of environment variables in a command line's words.</summary>
public static class EnvironmentExpander
{
    private static readonly char[] Blanks = [' ', '\t', '\n', '\r'];

    /// <summary>A word that is exactly "$NAME" becomes the value split at blanks (zero or more words);
    /// "${NAME}" anywhere in a word becomes the value, unsplit; an unset variable gives nothing; "$$"
    /// gives "$"; any other '$' stays as written.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> env)
    {
        var result = new List<string>(argv.Count);
        foreach (var word in argv)
        {
            if (word.Length > 1 && word[0] == '$' && IsName(word.AsSpan(1)))
            {
                var value = env.GetValueOrDefault(word[1..], string.Empty);
                result.AddRange(value.Split(Blanks, StringSplitOptions.RemoveEmptyEntries));
                continue;
            }

            result.Add(Substitute(word, name => env.GetValueOrDefault(name, string.Empty)));
        }

        return result;
    }

    /// <summary>The names of the variables that <see cref="Expand"/> would substitute in <paramref name="argv"/>,
    /// distinct, in order of appearance.</summary>
    public static IReadOnlyList<string> References(IReadOnlyList<string> argv)
    {
        var names = new List<string>();
        foreach (var word in argv)
        {
            if (word.Length > 1 && word[0] == '$' && IsName(word.AsSpan(1)))
            {
                names.Add(word[1..]);
                continue;
            }

            Substitute(word, name =>
            {
                names.Add(name);
                return string.Empty;
            });
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Replaces "$$" and each "${NAME}" in one word, asking <paramref name="lookup"/> for the value.</summary>
    private static string Substitute(string word, Func<string, string> lookup)
    {
        if (!word.Contains('$'))
        {
            return word;
        }

        var output = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            if (word[i] != '$' || (next != '$' && next != '{'))
            {
                output.Append(word[i]);
            }
            else if (next == '$')
            {
                output.Append('$');
                i++;
            }
            else if (word.IndexOf('}', i + 2) is var close and > 0 && IsName(word.AsSpan(i + 2, close - i - 2)))
            {
                output.Append(lookup(word.Substring(i + 2, close - i - 2)));
                i = close;
            }
            else
            {
                output.Append('$');
            }
        }

        return output.ToString();
    }

    /// <summary>An environment variable name as systemd accepts it: a letter or '_', then letters, digits or '_'.</summary>
    public static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
