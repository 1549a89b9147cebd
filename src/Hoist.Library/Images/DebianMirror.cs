namespace Hoist.Library.Images;

/// <summary>Finds the Debian mirror that this machine's apt is configured with.</summary>
public static class DebianMirror
{
    public const string Fallback = "http://deb.debian.org/debian";

    /// <summary>HOIST_MIRROR when set; otherwise the URI of the first "deb" source in
    /// /etc/apt/sources.list.d/*.sources (deb822) or /etc/apt/sources.list whose suite is a release
    /// (not -security, -updates or -backports); otherwise <see cref="Fallback"/>.</summary>
    public static string Find(string aptDirectory = "/etc/apt")
    {
        var configured = Environment.GetEnvironmentVariable("HOIST_MIRROR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.TrimEnd('/');
        }

        var listDirectory = Path.Combine(aptDirectory, "sources.list.d");
        var deb822 = Directory.Exists(listDirectory)
            ? Directory.GetFiles(listDirectory, "*.sources").Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        foreach (var file in deb822)
        {
            if (FromDeb822(File.ReadAllText(file)) is { } uri)
            {
                return uri;
            }
        }

        var oneLine = Path.Combine(aptDirectory, "sources.list");
        return (File.Exists(oneLine) ? FromOneLineStyle(File.ReadAllText(oneLine)) : null) ?? Fallback;
    }

    internal static string? FromDeb822(string text)
    {
        foreach (var stanza in text.Split("\n\n"))
        {
            var fields = stanza.Split('\n')
                .Where(l => !l.TrimStart().StartsWith('#') && l.Contains(':'))
                .Select(l => (Key: l[..l.IndexOf(':')].Trim(), Value: l[(l.IndexOf(':') + 1)..].Trim()))
                .GroupBy(f => f.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase);
            if (fields.GetValueOrDefault("Types")?.Split(' ').Contains("deb") == true
                && fields.GetValueOrDefault("Suites")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(IsRelease) == true
                && fields.GetValueOrDefault("URIs")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } uri)
            {
                return uri.TrimEnd('/');
            }
        }

        return null;
    }

    internal static string? FromOneLineStyle(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = words.Length > 1 && words[1].StartsWith('[') ? Array.FindIndex(words, w => w.EndsWith(']')) + 1 : 1;
            if (words.Length > at + 1 && words[0] == "deb" && IsRelease(words[at + 1]))
            {
                return words[at].TrimEnd('/');
            }
        }

        return null;
    }

    private static bool IsRelease(string suite) =>
        !suite.EndsWith("-security", StringComparison.Ordinal)
        && !suite.EndsWith("-updates", StringComparison.Ordinal)
        && !suite.EndsWith("-backports", StringComparison.Ordinal)
        && !suite.Contains('/');
}
