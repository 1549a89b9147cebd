namespace Hoist.Supervision;

/// <summary>The states of an app as a whole.</summary>
public static class AppStates
{
    /// <summary>hoist-init is up, its services not started: a stopped app whose container is made ahead
    /// of its start, which SIGUSR1 begins.</summary>
    public const string Standby = "standby";
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Degraded = "degraded";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
}

/// <summary>The states of one service.</summary>
public static class ServiceStates
{
    public const string Pending = "pending";
    public const string Starting = "starting";
    public const string Ready = "ready";
    public const string Restarting = "restarting";
    public const string CrashLooping = "crash-looping";
    public const string Failed = "failed";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Exited = "exited";
}
