namespace Hoist.Library.Images;

/// <summary>
/// Turns debootstrap's "I: ..." lines into progress. debootstrap names each package as it
/// retrieves, extracts, unpacks and configures it; the number of packages is known once the
/// retrieval ends, so the bar counts package steps against four steps per package.
/// </summary>
internal sealed class DebootstrapProgress
{
    private static readonly string[] Steps = ["Retrieving ", "Extracting ", "Unpacking ", "Configuring "];
    private readonly HashSet<string> _packages = new(StringComparer.Ordinal);
    private long _done;

    /// <summary>Reads one line; returns (status text, done, total) when it says something, else null.</summary>
    public (string Status, long Done, long Total)? Read(string line)
    {
        if (!line.StartsWith("I: ", StringComparison.Ordinal))
        {
            return null;
        }

        var text = line[3..].TrimEnd('.', ' ');
        var step = Array.FindIndex(Steps, s => text.StartsWith(s, StringComparison.Ordinal));
        if (step >= 0)
        {
            var package = text[Steps[step].Length..].Split(' ')[0];
            if (step == 0)
            {
                _packages.Add(package);
            }

            _done++;
        }

        var total = Math.Max(_done, _packages.Count * (long)Steps.Length);
        return (char.ToLowerInvariant(text[0]) + text[1..], _done, total);
    }
}
