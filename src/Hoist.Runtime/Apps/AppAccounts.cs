using Hoist.Packaging.Manifests;

namespace Hoist.Runtime.Apps;

/// <summary>
/// The /etc/passwd and /etc/group an app sees: the package's users and groups, then the host OS's
/// (a name the package defines is the package's). The host's files are never changed: these are
/// written into the app's config layer at each start, so a new OS under the app brings its own users.
/// </summary>
public static class AppAccounts
{
    public static (string Passwd, string Group) Build(string hostPasswd, string hostGroup, PackageManifest manifest)
    {
        var passwd = new List<string>();
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in manifest.Users)
        {
            passwd.Add($"{user.Name}:x:{user.Uid}:{user.Gid}:{user.Gecos}:{user.Home}:{user.Shell}");
            users.Add(user.Name);
        }

        passwd.AddRange(Lines(hostPasswd).Where(l => !users.Contains(Name(l))));

        var group = new List<string>();
        var created = manifest.Groups.Where(g => !g.Existing).ToList();
        var names = created.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        group.AddRange(created.Select(g => $"{g.Name}:x:{g.Gid}:{string.Join(',', g.Members)}"));
        var joined = manifest.Groups.Where(g => g.Existing).ToDictionary(g => g.Name, StringComparer.Ordinal);
        foreach (var line in Lines(hostGroup).Where(l => !names.Contains(Name(l))))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && joined.Remove(fields[0], out var extra))
            {
                var members = fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries).Union(extra.Members, StringComparer.Ordinal);
                group.Add($"{fields[0]}:{fields[1]}:{fields[2]}:{string.Join(',', members)}");
            }
            else
            {
                group.Add(line);
            }
        }

        // Groups the package joined that this OS lacks keep the package's number.
        group.AddRange(joined.Values.Select(g => $"{g.Name}:x:{g.Gid}:{string.Join(',', g.Members)}"));
        return (string.Join('\n', passwd) + "\n", string.Join('\n', group) + "\n");
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#') && l.Contains(':'));

    private static string Name(string line) => line[..line.IndexOf(':')];
}
