using System.Globalization;
using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Compares /etc/passwd and /etc/group before and after an installer ran.</summary>
public static class AccountsDiff
{
    /// <summary>Returns the users the installer added (by name), the groups it added, and the existing
    /// groups it added members to. A user or group that only changed otherwise (uid, shell, ...) is not
    /// reported. Lines that are not well formed (comments, blanks, NIS "+" entries, a wrong number of
    /// fields, a non-numeric id) are ignored.</summary>
    public static AccountChanges Diff(string passwdBefore, string passwdAfter, string groupBefore, string groupAfter)
    {
        var usersBefore = ReadPasswd(passwdBefore).Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var users = ReadPasswd(passwdAfter)
            .Where(u => !usersBefore.Contains(u.Name))
            .DistinctBy(u => u.Name, StringComparer.Ordinal)
            .ToList();

        var groupsBefore = ReadGroups(groupBefore).DistinctBy(g => g.Name, StringComparer.Ordinal).ToDictionary(g => g.Name, StringComparer.Ordinal);
        var groups = new List<GroupSpec>();
        foreach (var group in ReadGroups(groupAfter).DistinctBy(g => g.Name, StringComparer.Ordinal))
        {
            if (!groupsBefore.TryGetValue(group.Name, out var old))
            {
                groups.Add(group);
                continue;
            }

            var added = group.Members.Except(old.Members, StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                groups.Add(group with { Members = added, Existing = true });
            }
        }

        return new AccountChanges { Users = users, Groups = groups };
    }

    /// <summary>name:password:uid:gid:gecos:home:shell</summary>
    private static IEnumerable<UserSpec> ReadPasswd(string text)
    {
        foreach (var fields in Records(text, 7))
        {
            if (TryId(fields[2], out var uid) && TryId(fields[3], out var gid))
            {
                yield return new UserSpec
                {
                    Name = fields[0],
                    Uid = uid,
                    Gid = gid,
                    Gecos = fields[4].Length == 0 ? null : fields[4],
                    Home = fields[5],
                    Shell = fields[6],
                };
            }
        }
    }

    /// <summary>name:password:gid:member,member</summary>
    private static IEnumerable<GroupSpec> ReadGroups(string text)
    {
        foreach (var fields in Records(text, 4))
        {
            if (TryId(fields[2], out var gid))
            {
                var members = fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                yield return new GroupSpec { Name = fields[0], Gid = gid, Members = [.. members.Distinct(StringComparer.Ordinal)] };
            }
        }
    }

    private static IEnumerable<string[]> Records(string text, int fieldCount) =>
        text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('+') && !line.StartsWith('-'))
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length == fieldCount && fields[0].Length > 0);

    private static bool TryId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
