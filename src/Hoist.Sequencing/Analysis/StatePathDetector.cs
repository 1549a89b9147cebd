using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Finds where an app keeps its data: the places under the data roots of the file system
/// hierarchy that its installer created, and the directories its services declare.</summary>
public static class StatePathDetector
{
    private static readonly string[] Roots = ["/var/lib", "/var/log", "/var/cache", "/var/spool", "/srv"];

    /// <summary>Paths that belong to the OS or to the capture itself (apt, dpkg, systemd's own state, logs of the
    /// package tools, login records), never to an app.</summary>
    private static readonly string[] Excluded =
    [
        "/var/lib/apt", "/var/lib/dpkg", "/var/lib/systemd", "/var/lib/ucf", "/var/lib/pam", "/var/lib/dbus",
        "/var/lib/misc", "/var/lib/polkit-1",
        "/var/cache/apt", "/var/cache/debconf", "/var/cache/ldconfig", "/var/cache/man", "/var/cache/fontconfig",
        "/var/log/apt", "/var/log/journal",
        "/var/log/dpkg.log", "/var/log/alternatives.log", "/var/log/bootstrap.log", "/var/log/btmp", "/var/log/wtmp",
        "/var/log/lastlog", "/var/log/faillog",
    ];

    /// <summary>Returns the state paths: for each path the installer added strictly below /var/lib, /var/log,
    /// /var/cache, /var/spool or /srv, its topmost ancestor that was added too (/var/lib/redis for
    /// /var/lib/redis/dump.rdb; /var/log/foo.log for a new file in the existing /var/log), unless that lies
    /// in an excluded OS path; plus every service's <see cref="ServiceSpec.StateDirectories"/>. An ancestor the
    /// delta does not list counts as existing before. The result is absolute paths without a trailing '/',
    /// distinct, sorted ordinally, and without paths nested under another path of the result.</summary>
    public static IReadOnlyList<string> Detect(IEnumerable<DeltaPath> delta, IEnumerable<ServiceSpec> services)
    {
        var added = delta.Where(d => !d.ExistedBefore).Select(d => Normalize(d.Path)).ToHashSet(StringComparer.Ordinal);

        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in added)
        {
            var root = Roots.FirstOrDefault(r => IsBelow(path, r));
            if (root is not null)
            {
                var top = Topmost(path, root, added);
                if (!Excluded.Any(x => top == x || IsBelow(top, x)))
                {
                    paths.Add(top);
                }
            }
        }

        foreach (var directory in services.SelectMany(s => s.StateDirectories))
        {
            paths.Add(Normalize(directory));
        }

        var result = new List<string>();
        foreach (var path in paths)
        {
            if (!result.Any(kept => IsBelow(path, kept)))
            {
                result.Add(path);
            }
        }

        return result;
    }

    /// <summary>The highest ancestor of <paramref name="path"/> (itself included) below <paramref name="root"/>
    /// such that it and every path between it and <paramref name="path"/> were added.</summary>
    private static string Topmost(string path, string root, HashSet<string> added)
    {
        var top = path;
        for (var parent = Parent(path); IsBelow(parent, root) && added.Contains(parent); parent = Parent(parent))
        {
            top = parent;
        }

        return top;
    }

    private static string Parent(string path) => path[..Math.Max(path.LastIndexOf('/'), 1)];

    private static bool IsBelow(string path, string ancestor) =>
        path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] == '/';

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
