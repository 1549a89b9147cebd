namespace Hoist.Fabric.Api;

/// <summary>What an agent tells the controller of its host when it starts (and whenever the controller
/// has forgotten it): the host's OS image and facts, its capacity, and the apps it holds.</summary>
public sealed record AgentRegistration
{
    /// <summary>The host's name, as the agent was started with (--name).</summary>
    public required string Name { get; init; }

    /// <summary>The host's address that clients of its apps use; null when only the machine's own.</summary>
    public string? Address { get; init; }

    /// <summary>The host's OS, its facts and capacity now.</summary>
    public required HostFacts Facts { get; init; }

    /// <summary>The hoist version of the agent.</summary>
    public required string AgentVersion { get; init; }

    /// <summary>Every app the host holds, whatever its state.</summary>
    public IReadOnlyList<AppReport> Apps { get; init; } = [];
}
