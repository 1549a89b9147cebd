using Hoist.Init.Status;
using Hoist.Supervision;

namespace Hoist.Init.Tests.Status;

public sealed class AppStateRulesTests
{
    [Theory]
    [InlineData("Starting", "pending,pending", AppStates.Starting)]
    [InlineData("Starting", "ready,starting", AppStates.Starting)]
    [InlineData("Starting", "failed,starting", AppStates.Degraded)]
    [InlineData("Starting", "ready,exited", AppStates.Running)]
    [InlineData("Supervising", "ready,ready", AppStates.Running)]
    [InlineData("Supervising", "ready,restarting", AppStates.Degraded)]
    [InlineData("Supervising", "crash-looping,ready", AppStates.Degraded)]
    [InlineData("Supervising", "ready,starting", AppStates.Degraded)]
    [InlineData("Supervising", "exited,exited", AppStates.Running)]
    [InlineData("Stopping", "failed,ready", AppStates.Stopping)]
    [InlineData("Stopped", "stopped,stopped", AppStates.Stopped)]
    [InlineData("Failed", "pending", AppStates.Failed)]
    public void Compute_PhaseAndServiceStates_AppState(string phase, string services, string expected)
    {
        Assert.Equal(expected, AppStateRules.Compute(Enum.Parse<SupervisorPhase>(phase), services.Split(',')));
    }
}
