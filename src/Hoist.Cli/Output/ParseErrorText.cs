using System.CommandLine;
using System.CommandLine.Parsing;

namespace Hoist.Cli.Output;

/// <summary>The one line `hoist` prints for a command line it cannot parse.</summary>
internal static class ParseErrorText
{
    /// <summary>
    /// Says what is wrong with a parse that has errors, and where its help is. A word that is not a
    /// command of a command group is named, with the group's nearest command when one is close to it
    /// ("'statr' is not a command of hoist; did you mean 'start'?"), and so is an option it does not have:
    /// System.CommandLine reports the group's missing command first, which hid both. Any other error is
    /// System.CommandLine's first.
    /// </summary>
    public static string For(ParseResult parse)
    {
        var path = string.Join(' ', ["hoist", .. CommandPath(parse.CommandResult)]);
        var group = parse.CommandResult.Command;
        var token = parse.UnmatchedTokens.FirstOrDefault();
        if (group.Subcommands.Count == 0 || token is null)
        {
            return $"hoist: {parse.Errors[0].Message} (see '{path} --help')";
        }

        if (token.StartsWith('-'))
        {
            return $"hoist: '{token}' is not an option of {path} (see '{path} --help')";
        }

        var nearest = Nearest(token, group.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)));
        var suggestion = nearest.Count == 0 ? string.Empty : $"; did you mean {string.Join(" or ", nearest.Select(n => $"'{n}'"))}?";
        return $"hoist: '{token}' is not a command of {path}{suggestion} (see '{path} --help')";
    }

    /// <summary>The names closest to the word, at most two edits away (a swap of neighbours is one), in
    /// their order; empty when none is that close.</summary>
    internal static IReadOnlyList<string> Nearest(string word, IEnumerable<string> names)
    {
        var best = new List<string>();
        var bestDistance = 3;
        foreach (var name in names)
        {
            var distance = Distance(word.ToLowerInvariant(), name);
            if (distance >= name.Length || distance > bestDistance)
            {
                continue;
            }

            if (distance < bestDistance)
            {
                best.Clear();
                bestDistance = distance;
            }

            best.Add(name);
        }

        return best;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null && current.Parent is not null; current = current.Parent as CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
