using System.Globalization;

namespace Hoist.Init.Tests.Integration;

/// <summary>What tests read of other processes in /proc.</summary>
internal static class ProcFiles
{
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The state letter (R, S, Z...) and parent of a process; null when it is gone.</summary>
    public static (char State, int Parent)? Stat(int pid)
    {
        if (TryRead($"/proc/{pid}/stat") is not { } stat)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The processes whose parent is <paramref name="parent"/>, zombies included.</summary>
    public static IReadOnlyList<int> Children(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat && stat.Parent == parent)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    public static string CommandLine(int pid) => (TryRead($"/proc/{pid}/cmdline") ?? "(gone)").Replace('\0', ' ').Trim();

    /// <summary>Waits until <paramref name="pid"/> is gone from /proc (reaped, not merely a zombie).</summary>
    public static async Task<bool> GoneAsync(int pid, double seconds = 10)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (!Directory.Exists($"/proc/{pid}"))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
