namespace Hoist.Linux.Proc;

/// <summary>Reads the state of a process and everything it started, from /proc.</summary>
public static class ProcessTree
{
    /// <summary>True when every thread of <paramref name="pid"/> and of its descendants is asleep
    /// (S, or I for idle kernel threads): a server that finished starting waits in epoll or accept.
    /// A process that vanishes while being read counts as asleep.</summary>
    public static bool IsAsleep(int pid)
    {
        var pending = new Stack<int>();
        pending.Push(pid);
        while (pending.TryPop(out var current))
        {
            string[] threads;
            try
            {
                threads = Directory.GetDirectories($"/proc/{current}/task");
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            foreach (var thread in threads)
            {
                if (State(thread) is not ('S' or 'I' or 'Z' or 'X' or '\0'))
                {
                    return false;
                }

                foreach (var child in Read(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    pending.Push(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return true;
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
