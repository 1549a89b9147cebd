using Hoist.Init.Processes;

namespace Hoist.Init.Restarts;

/// <summary>systemd's Restart= table: whether a run that ended this way is followed by another.</summary>
internal static class RestartRules
{
    public static readonly IReadOnlyList<string> Known = ["no", "always", "on-success", "on-failure", "on-abnormal", "on-abort"];

    /// <summary>
    /// "no": never; "always": after any end; "on-success": after exit code 0 (or SIGHUP, SIGINT, SIGTERM,
    /// SIGPIPE, which systemd counts as clean); "on-failure": after a non-zero exit code, a signal, a
    /// timeout or a failed start; "on-abnormal": after an unclean signal or a timeout; "on-abort": after
    /// an unclean signal.
    /// </summary>
    public static bool ShouldRestart(string restart, RunOutcome outcome)
    {
        var signal = outcome.Exit?.Signal;
        var cleanSignal = signal is SignalNames.SigHup or SignalNames.SigInt or SignalNames.SigTerm or SignalNames.SigPipe;
        return restart switch
        {
            "always" => true,
            "on-success" => outcome.Clean || cleanSignal,
            "on-failure" => !outcome.Clean,
            "on-abnormal" => outcome.TimedOut || (signal is not null && !cleanSignal),
            "on-abort" => signal is not null && !cleanSignal,
            _ => false,
        };
    }
}
