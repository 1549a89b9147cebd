using Hoist.Core.Storage;

namespace Hoist.Agent;

/// <summary>How an agent runs: which controller, which host, where its own library is.</summary>
public sealed record AgentOptions
{
    /// <summary>The host's name in the fabric.</summary>
    public required string Name { get; init; }

    /// <summary>The agent's own Hoist home: its library, apps, chunk cache and order journal.</summary>
    public required HoistHome Home { get; init; }

    /// <summary>The OS image the host runs on (fetched from the controller's library when the agent's
    /// library lacks it); null when the host is the machine itself (its root filesystem is the OS).</summary>
    public string? Image { get; init; }

    /// <summary>The address the host's apps are reached at, as reported to the controller; null to
    /// leave it to the controller (the address its requests come from).</summary>
    public string? Address { get; init; }

    /// <summary>How often the agent tells the controller how its host and apps are.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one long poll for orders may wait.</summary>
    public int PollSeconds { get; init; } = 25;

    /// <summary>How long a service gets to stop when an order does not say.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The agent's chunk cache: what it fetched once, it does not fetch again.</summary>
    public string ChunkDirectory => Path.Combine(Home.Root, "chunks");

    /// <summary>Results of the orders carried out, one file each, kept so that a repeated order is not
    /// carried out twice.</summary>
    public string JournalDirectory => Path.Combine(Home.Root, "orders");
}
