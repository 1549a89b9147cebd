namespace Hoist.Runtime.Apps;

/// <summary>How long `hoist start` waits for the app's services to be ready.</summary>
public sealed record StartOptions
{
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a service with no sign of readiness must stay up before the start counts as good.</summary>
    public TimeSpan UnsignalledWatch { get; init; } = TimeSpan.FromSeconds(1);
}
