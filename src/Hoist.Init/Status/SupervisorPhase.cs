namespace Hoist.Init.Status;

/// <summary>Where the supervisor as a whole is; with the services' states it gives the app's state.</summary>
internal enum SupervisorPhase
{
    /// <summary>Ready to start the services, waiting for SIGUSR1 (started with --standby).</summary>
    Standby,

    /// <summary>Services are being started in order.</summary>
    Starting,

    /// <summary>Every service had its first start; they are supervised.</summary>
    Supervising,

    /// <summary>A stop signal came: services are stopped in reverse order.</summary>
    Stopping,

    Stopped,

    /// <summary>hoist-init cannot run the app (an invalid spec).</summary>
    Failed,
}
