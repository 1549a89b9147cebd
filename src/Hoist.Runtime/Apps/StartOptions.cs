namespace Hoist.Runtime.Apps;

/// <summary>How long `hoist start` waits for the app's services to be ready.</summary>
public sealed record StartOptions
{
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
