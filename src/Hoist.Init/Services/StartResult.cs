using Hoist.Init.Restarts;

namespace Hoist.Init.Services;

/// <summary>How a start ended: the service is up with <see cref="Main"/>, or its run is already over
/// (a oneshot that finished, a start that failed) with <see cref="Outcome"/>.</summary>
internal sealed record StartResult(MainProcess? Main, RunOutcome? Outcome)
{
    public static StartResult Running(MainProcess main) => new(main, null);

    public static StartResult Finished(RunOutcome outcome) => new(null, outcome);
}
