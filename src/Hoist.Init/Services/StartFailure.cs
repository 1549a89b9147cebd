using Hoist.Init.Restarts;

namespace Hoist.Init.Services;

/// <summary>A start of a service failed before its main process was up (or was stopped for it); the
/// outcome says why, for the restart rules and the logs.</summary>
internal sealed class StartFailure(RunOutcome outcome) : Exception(outcome.Description)
{
    public RunOutcome Outcome { get; } = outcome;

    public static StartFailure Because(string why) => new(RunOutcome.StartFailed(why));
}
