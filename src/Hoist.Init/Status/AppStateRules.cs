using Hoist.Supervision;

namespace Hoist.Init.Status;

/// <summary>The app's state from the supervisor's phase and its services' states.</summary>
internal static class AppStateRules
{
    /// <summary>
    /// stopping, stopped and failed follow the phase. Otherwise the app is degraded as soon as a service is
    /// restarting, crash-looping or failed (or, after the start, being started again); starting until
    /// every service is ready, or exited (a oneshot, or a service that ended for good with code 0);
    /// running then.
    /// </summary>
    public static string Compute(SupervisorPhase phase, IReadOnlyList<string> serviceStates)
    {
        switch (phase)
        {
            case SupervisorPhase.Standby:
                return AppStates.Standby;
            case SupervisorPhase.Stopping:
                return AppStates.Stopping;
            case SupervisorPhase.Stopped:
                return AppStates.Stopped;
            case SupervisorPhase.Failed:
                return AppStates.Failed;
        }

        if (serviceStates.Any(s => s is ServiceStates.Restarting or ServiceStates.CrashLooping or ServiceStates.Failed))
        {
            return AppStates.Degraded;
        }

        var settled = serviceStates.All(s => s is ServiceStates.Ready or ServiceStates.Exited);
        return settled ? AppStates.Running
            : phase == SupervisorPhase.Starting ? AppStates.Starting
            : AppStates.Degraded;
    }
}
