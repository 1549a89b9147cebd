using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>
/// Proposes a "site" parameter for a web server: when a configuration line names a document root
/// (nginx's "root DIR;", Apache's "DocumentRoot DIR") that the package carries, the site's content
/// can be given at deploy time as a directory of the machine, copied over that root.
/// </summary>
public static class SiteParameter
{
    /// <summary>The parameter, or null when no configuration names a document root the package has.
    /// <paramref name="carriesDirectory"/> tells whether an absolute path is a directory of the package.</summary>
    public static ParameterSpec? Propose(IReadOnlyList<SourceFile> configFiles, Func<string, bool> carriesDirectory)
    {
        foreach (var file in configFiles.OrderBy(f => f.Path.Contains("/sites-", StringComparison.Ordinal) ? 0 : 1).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            foreach (var raw in file.Text.Split('\n'))
            {
                var words = raw.Trim().TrimEnd(';').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 2 && words[0] is "root" or "DocumentRoot" && words[1].Trim('"') is var root
                    && root.StartsWith('/') && root != "/" && carriesDirectory(root.TrimEnd('/')))
                {
                    return new ParameterSpec
                    {
                        Name = "site",
                        Default = string.Empty,
                        Description = $"the site's content: a directory of the machine, copied over {root.TrimEnd('/')} (empty: the package's own)",
                        Targets = [new ParameterTarget { Content = root.TrimEnd('/') }],
                    };
                }
            }
        }

        return null;
    }
}
