using Hoist.Core.Storage;

namespace Hoist.Testing;

/// <summary>What an operation could leave behind on the machine: mounts of overlayfs or under a
/// library, work directories, processes of the capture helpers. Taken before and after an operation,
/// two snapshots must be equal.</summary>
public sealed record Leftovers(IReadOnlyList<string> Mounts, IReadOnlyList<string> WorkDirectories, IReadOnlyList<string> Helpers)
{
    public static Leftovers Take(HoistHome home)
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Where(l => l.Contains(" overlay ", StringComparison.Ordinal) || l.Contains(home.Root, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var work = Directory.Exists(home.Temp)
            ? Directory.GetFileSystemEntries(home.Temp).Order(StringComparer.Ordinal).ToList()
            : [];
        var helpers = Directory.EnumerateDirectories("/proc")
            .Select(d => System.IO.Path.Combine(d, "cmdline"))
            .Select(TryRead)
            .Where(c => c is not null && c.Contains(home.Root, StringComparison.Ordinal))
            .Select(c => c!.Replace('\0', ' '))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Leftovers(mounts, work, helpers);
    }

    /// <summary>Fails with what is left when this snapshot has more than <paramref name="before"/>.</summary>
    public void AssertNothingLeftSince(Leftovers before)
    {
        var mounts = Mounts.Except(before.Mounts).ToList();
        var work = WorkDirectories.Except(before.WorkDirectories).ToList();
        var helpers = Helpers.Except(before.Helpers).ToList();
        Assert.True(mounts.Count == 0 && work.Count == 0 && helpers.Count == 0,
            $"left behind: mounts [{string.Join("; ", mounts)}], work directories [{string.Join("; ", work)}], processes [{string.Join("; ", helpers)}]");
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
