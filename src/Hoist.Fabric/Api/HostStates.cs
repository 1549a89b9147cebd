namespace Hoist.Fabric.Api;

/// <summary>The states of a host in the fabric.</summary>
public static class HostStates
{
    /// <summary>Heartbeating; takes new apps.</summary>
    public const string Ready = "ready";

    /// <summary>Its apps are being migrated off; takes no new app.</summary>
    public const string Draining = "draining";

    /// <summary>Drained; takes no new app until resumed.</summary>
    public const string Drained = "drained";

    /// <summary>Its OS image is being replaced.</summary>
    public const string Upgrading = "upgrading";

    /// <summary>No heartbeat for a while; its apps' states are unknown.</summary>
    public const string Offline = "offline";
}
