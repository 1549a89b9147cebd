using System.Diagnostics;
using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Linux.Proc;

namespace Hoist.Cli.Lab;

/// <summary>Starts programs that outlive the command (the lab's controller and agents): each in a session
/// of its own (setsid), its output appended to a log file, its stdin /dev/null; and stops them by process
/// group.</summary>
internal static class Daemon
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>Starts <paramref name="command"/> and returns its pid, which is also its process group's id.</summary>
    public static async Task<int> StartAsync(IReadOnlyList<string> command, string log, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var pidFile = log + ".pid";
        File.Delete(pidFile);
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--fork", "sh", "-c", "echo $$ > \"$1\"; log=$2; shift 2; exec \"$@\" >> \"$log\" 2>&1 < /dev/null", "hoist-daemon", pidFile, log, .. command])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using (var launcher = Process.Start(start) ?? throw HoistException.Unavailable("setsid could not be started", "install util-linux"))
        {
            launcher.StandardInput.Close();
            await launcher.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                File.Delete(pidFile);
                return pid;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        throw HoistException.Unavailable($"{command[0]} did not start (no pid within 10 s)", $"see {log}");
    }

    /// <summary>Stops the process group <paramref name="pid"/> leads: SIGTERM, then SIGKILL after
    /// <paramref name="grace"/>. Returns when no process of the group is left.</summary>
    public static async Task StopAsync(int pid, TimeSpan grace)
    {
        if (pid <= 1)
        {
            return;
        }

        ProcessSignal.Send(-pid, SigTerm);
        var clock = Stopwatch.StartNew();
        while (GroupAlive(pid))
        {
            if (clock.Elapsed > grace)
            {
                ProcessSignal.Send(-pid, SigKill);
                await Task.Delay(50).ConfigureAwait(false);
                if (clock.Elapsed > grace + TimeSpan.FromSeconds(5))
                {
                    return;
                }
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>True while a process of group <paramref name="pgid"/> lives (signal 0 to the group).</summary>
    public static bool GroupAlive(int pgid) => pgid > 1 && ProcessSignal.Send(-pgid, 0);
}
