using System.Globalization;

namespace Hoist.Supervision;

/// <summary>The numeric user, group and supplementary groups a service runs as, read from the
/// captured system's /etc/passwd and /etc/group the way initgroups(3) would.</summary>
public sealed record ServiceIdentity(uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    public static readonly ServiceIdentity Root = new(0, 0, [0]);

    /// <summary>Resolves user and group names (or numbers). Returns null with a reason when a name is unknown.</summary>
    public static (ServiceIdentity? Identity, string? Problem) Resolve(
        string? user, string? group, IReadOnlyList<string> supplementary, string passwd, string groupFile)
    {
        if (user is null && group is null && supplementary.Count == 0)
        {
            return (Root, null);
        }

        var users = Table(passwd, 7);
        var groups = Table(groupFile, 4);
        uint uid = 0, gid = 0;
        if (user is not null)
        {
            var entry = users.FirstOrDefault(u => u[0] == user || u[2] == user);
            if (entry is null)
            {
                return (null, $"user '{user}' is not in the captured /etc/passwd");
            }

            uid = Number(entry[2]);
            gid = Number(entry[3]);
        }

        if (group is not null)
        {
            var entry = groups.FirstOrDefault(g => g[0] == group || g[2] == group);
            if (entry is null)
            {
                return (null, $"group '{group}' is not in the captured /etc/group");
            }

            gid = Number(entry[2]);
        }

        var all = new SortedSet<uint> { gid };
        var userName = user is null ? null : users.First(u => u[0] == user || u[2] == user)[0];
        foreach (var entry in groups)
        {
            var members = entry[3].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if ((userName is not null && members.Contains(userName)) || supplementary.Contains(entry[0]))
            {
                all.Add(Number(entry[2]));
            }
        }

        return (new ServiceIdentity(uid, gid, [.. all]), null);
    }

    private static List<string[]> Table(string text, int fields) =>
        [.. text.Split('\n').Select(l => l.Split(':')).Where(f => f.Length >= fields && uint.TryParse(f[2], CultureInfo.InvariantCulture, out _))];

    private static uint Number(string text) => uint.Parse(text, CultureInfo.InvariantCulture);
}
