namespace Hoist.Core.Text;

/// <summary>Quotes words for POSIX sh.</summary>
public static class ShellQuote
{
    /// <summary>Returns <paramref name="word"/> as sh reads it back unchanged: bare when it holds only
    /// safe characters, otherwise in single quotes.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "@%+=:,./_-".Contains(c)))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quotes each word and joins them with spaces.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
