namespace Hoist.Supervision;

/// <summary>How hoist-init restarts a service that died: after a delay that starts at
/// <see cref="InitialDelayMilliseconds"/> and doubles with each failure up to
/// <see cref="MaxDelayMilliseconds"/>; a service that failed <see cref="CrashLoopFailures"/> times
/// within <see cref="CrashLoopWindowSeconds"/> is crash-looping (it is still restarted, at the
/// longest delay, until it stays up for a window).</summary>
public sealed record RestartPolicy
{
    public int InitialDelayMilliseconds { get; set; } = 200;

    public int MaxDelayMilliseconds { get; set; } = 10_000;

    public int CrashLoopFailures { get; set; } = 5;

    public int CrashLoopWindowSeconds { get; set; } = 60;
}
