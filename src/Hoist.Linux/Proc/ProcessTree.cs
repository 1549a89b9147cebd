using System.Globalization;

namespace Hoist.Linux.Proc;

/// <summary>Reads the state of a process and everything it started, from /proc.</summary>
public static class ProcessTree
{
    /// <summary><paramref name="pid"/> and every process below it (through /proc/PID/task/TID/children).
    /// Processes that vanish while being read are left out.</summary>
    public static IReadOnlyList<int> Members(int pid)
    {
        var members = new List<int>();
        var pending = new Stack<int>();
        pending.Push(pid);
        while (pending.TryPop(out var current))
        {
            var threads = Threads(current);
            if (threads is null)
            {
                continue;
            }

            members.Add(current);
            foreach (var thread in threads)
            {
                foreach (var child in Read(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    pending.Push(int.Parse(child, CultureInfo.InvariantCulture));
                }
            }
        }

        return members;
    }

    /// <summary>True when every thread of <paramref name="pid"/> and of its descendants is asleep
    /// (S, or I for idle kernel threads): a server that finished starting waits in epoll or accept.
    /// A process that vanishes while being read counts as asleep.</summary>
    public static bool IsAsleep(int pid) =>
        Members(pid).All(member => (Threads(member) ?? []).All(thread => State(thread) is 'S' or 'I' or 'Z' or 'X' or '\0'));

    private static string[]? Threads(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    // The state letter follows the command name, which is in parentheses and may hold anything.
    private static char State(string thread)
    {
        var stat = Read(Path.Combine(thread, "stat"));
        var close = stat.LastIndexOf(')');
        return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : '\0';
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
