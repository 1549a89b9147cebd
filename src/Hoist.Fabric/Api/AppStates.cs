namespace Hoist.Fabric.Api;

/// <summary>The states an app is reported in.</summary>
public static class AppStates
{
    /// <summary>Every service ready.</summary>
    public const string Running = "running";

    /// <summary>Starting: some service not ready yet.</summary>
    public const string Starting = "starting";

    public const string Stopped = "stopped";

    /// <summary>Its processes are frozen (a warm migration's last copy, a backup).</summary>
    public const string Frozen = "frozen";

    /// <summary>A service keeps failing; its supervisor keeps restarting it.</summary>
    public const string CrashLooping = "crash-looping";

    /// <summary>Its supervisor died; nothing runs.</summary>
    public const string Failed = "failed";

    /// <summary>The controller ordered it created; its host has not reported it yet.</summary>
    public const string Pending = "pending";

    /// <summary>Its host has not been heard from lately.</summary>
    public const string Unknown = "unknown";
}
