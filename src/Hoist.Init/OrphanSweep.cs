using System.Globalization;
using Hoist.Init.Interop;
using Hoist.Init.Processes;

namespace Hoist.Init;

/// <summary>
/// The last step of a stop: processes that escaped their service's process group (a daemon that called
/// setsid) and became children of hoist-init get SIGTERM, then SIGKILL, so that nothing an app started
/// outlives it. As pid 1 the kernel would kill them anyway when hoist-init exits; as a subreaper that is
/// not pid 1 they would be handed to the next one up.
/// </summary>
internal static class OrphanSweep
{
    private static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    /// <summary>Signals the remaining children and waits for them to go; returns how many there were.</summary>
    public static async Task<int> RunAsync(TimeProvider time)
    {
        var first = Children();
        if (first.Count == 0)
        {
            return 0;
        }

        foreach (var signal in new[] { SignalNames.SigTerm, SignalNames.SigKill })
        {
            var left = Children();
            foreach (var pid in left)
            {
                LibC.Kill(pid, signal);
                LibC.Kill(pid, SignalNames.SigCont);
            }

            var deadline = time.GetUtcNow() + (signal == SignalNames.SigTerm ? TermGrace : KillGrace);
            while (Children().Count > 0 && time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time).ConfigureAwait(false);
            }
        }

        return first.Count;
    }

    /// <summary>The living (not zombie) processes whose parent is this process, read from /proc.</summary>
    public static IReadOnlyList<int> Children()
    {
        var self = Environment.ProcessId;
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) S ppid ...": comm may hold blanks and parentheses, so parse after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[1], CultureInfo.InvariantCulture) == self)
                {
                    children.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Gone meanwhile.
            }
        }

        return children;
    }
}
