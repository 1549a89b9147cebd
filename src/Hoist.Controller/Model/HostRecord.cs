using Hoist.Fabric.Api;

namespace Hoist.Controller.Model;

/// <summary>A host as the controller keeps it (the hosts table). Immutable: a change makes a new record,
/// which is what gets written.</summary>
internal sealed record HostRecord
{
    public required string Name { get; init; }

    public string? Address { get; init; }

    /// <summary>What the operator asked of it: ready, draining, drained or upgrading (never offline).</summary>
    public required string State { get; init; }

    /// <summary>True while it has not heartbeated for the offline delay.</summary>
    public bool Offline { get; init; }

    public required HostFacts Facts { get; init; }

    public string? AgentVersion { get; init; }

    public DateTimeOffset Registered { get; init; }

    /// <summary>The last heartbeat as last written (the exact time lives in memory only).</summary>
    public DateTimeOffset LastSeen { get; init; }

    public string? Problem { get; init; }

    /// <summary>The image of an upgrade in progress, or null.</summary>
    public string? UpgradeImage { get; init; }

    /// <summary>The host.reimage order of that upgrade, once sent.</summary>
    public long? UpgradeOrder { get; init; }

    /// <summary>The state the fabric shows: offline wins over what was asked.</summary>
    public string ShownState => Offline ? HostStates.Offline : State;
}
