namespace Hoist.Runtime.Hosts;

/// <summary>A host apps run on: this machine itself (<see cref="LocalName"/>), or a lab host made on it
/// from an OS image of the library.</summary>
public sealed record HostRecord
{
    /// <summary>The implicit host that is this machine: its root is the machine's, its network the
    /// machine's. It is never stored, created or removed.</summary>
    public const string LocalName = "local";

    /// <summary>The <see cref="Image"/> of the local host: the machine's own root filesystem.</summary>
    public const string MachineRoot = "/";

    /// <summary>The host uses the machine's network namespace.</summary>
    public const string SharedNetwork = "shared";

    /// <summary>The host has its own network namespace, with an address on the lab bridge.</summary>
    public const string OwnNetwork = "own";

    /// <summary>The host can run apps.</summary>
    public const string ReadyState = "ready";

    /// <summary>The host's OS image is being replaced (servicing).</summary>
    public const string UpgradingState = "upgrading";

    public required string Name { get; init; }

    /// <summary>The name of the library OS image the host runs on; <see cref="MachineRoot"/> for local.</summary>
    public required string Image { get; init; }

    /// <summary><see cref="SharedNetwork"/> or <see cref="OwnNetwork"/>.</summary>
    public required string Network { get; init; }

    /// <summary>The host's IPv4 address on the lab bridge when its network is its own; null when shared.</summary>
    public string? Address { get; init; }

    /// <summary><see cref="ReadyState"/>, <see cref="UpgradingState"/>, ...</summary>
    public required string State { get; init; }

    /// <summary>When the host was created; for local, when the machine booted.</summary>
    public DateTimeOffset Created { get; init; }

    public bool IsLocal => Name == LocalName;
}
