namespace Hoist.Fabric.Api;

/// <summary>What an agent sends every second: its host's facts now and its apps' states.</summary>
public sealed record AgentHeartbeat
{
    public required HostFacts Facts { get; init; }

    public IReadOnlyList<AppReport> Apps { get; init; } = [];
}
