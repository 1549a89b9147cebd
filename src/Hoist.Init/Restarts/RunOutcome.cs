using Hoist.Init.Processes;

namespace Hoist.Init.Restarts;

/// <summary>How one run of a service ended: its main process exited or was killed, or the start itself
/// failed (a Pre command, a missing environment file, readiness that timed out).</summary>
internal sealed record RunOutcome(ExitStatus? Exit, bool TimedOut, string Description)
{
    public static RunOutcome Ended(ExitStatus exit) => new(exit, false, exit.ToString());

    public static RunOutcome StartFailed(string why) => new(null, false, why);

    public static RunOutcome Timeout(string why) => new(null, true, why);

    /// <summary>The main process exited with code 0.</summary>
    public bool Clean => Exit is { Code: 0 };
}
