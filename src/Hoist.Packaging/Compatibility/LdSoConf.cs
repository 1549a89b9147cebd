using System.IO.Enumeration;
using Hoist.Core.Storage;

namespace Hoist.Packaging.Compatibility;

/// <summary>
/// The library directories an OS root lists for ldconfig: the lines of /etc/ld.so.conf, the
/// files its include lines name, and the files in /etc/ld.so.conf.d/*.conf, as glibc's ldconfig
/// reads them. Every path is looked up inside the root.
/// </summary>
internal static class LdSoConf
{
    private const string MainFile = "/etc/ld.so.conf";
    private const string ConfDirectory = "/etc/ld.so.conf.d";

    /// <summary>The absolute directories listed, in the order ldconfig reads them, each once.
    /// Include lines are honoured in /etc/ld.so.conf only, not in the files it includes; a
    /// relative include pattern is relative to /etc; wildcards (* and ?) are matched in an
    /// include pattern's last component only. Relative directories (which ldconfig rejects) and
    /// hwcap lines are skipped.</summary>
    public static IReadOnlyList<string> Directories(string root)
    {
        var files = new List<string>();
        var directories = new List<string>();
        foreach (var (kind, value) in Lines(root, MainFile))
        {
            if (kind == LineKind.Include)
            {
                files.AddRange(Glob(root, value.StartsWith('/') ? value : "/etc/" + value));
            }
            else
            {
                directories.Add(value);
            }
        }

        files.AddRange(Glob(root, ConfDirectory + "/*.conf"));
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            directories.AddRange(Lines(root, file).Where(l => l.Kind == LineKind.Directory).Select(l => l.Value));
        }

        return [.. directories.Distinct(StringComparer.Ordinal)];
    }

    // The directory and include lines of one file, comments stripped; nothing when it is missing.
    private static IEnumerable<(LineKind Kind, string Value)> Lines(string root, string file)
    {
        var path = RootPath.Resolve(root, file);
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var raw in File.ReadLines(path))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.StartsWith("include", StringComparison.Ordinal) && line.Length > 7 && line[7] is ' ' or '\t')
            {
                foreach (var pattern in line[8..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return (LineKind.Include, pattern);
                }
            }
            else if (line.StartsWith('/'))
            {
                yield return (LineKind.Directory, line.TrimEnd('/') is { Length: > 0 } d ? d : "/");
            }
        }
    }

    // The files (in the image's terms) that match a pattern, sorted as glob(3) sorts them.
    private static IEnumerable<string> Glob(string root, string pattern)
    {
        var directory = Path.GetDirectoryName(pattern) ?? "/";
        var name = Path.GetFileName(pattern);
        var host = RootPath.Resolve(root, directory);
        if (!Directory.Exists(host))
        {
            return [];
        }

        // Entries of any type: a symlink is only resolved (inside the root) when the file is read.
        return Directory.EnumerateFileSystemEntries(host)
            .Select(e => Path.GetFileName(e))
            .Where(n => FileSystemName.MatchesSimpleExpression(name, n, ignoreCase: false))
            .Order(StringComparer.Ordinal)
            .Select(n => directory.TrimEnd('/') + "/" + n);
    }

    private enum LineKind
    {
        Directory,
        Include,
    }
}
