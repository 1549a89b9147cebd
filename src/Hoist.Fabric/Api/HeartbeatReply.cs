namespace Hoist.Fabric.Api;

/// <summary>The controller's answer to a heartbeat.</summary>
public sealed record HeartbeatReply
{
    /// <summary>False when the controller does not know the host (it lost its database, or the host was
    /// removed): the agent registers again.</summary>
    public bool Known { get; init; } = true;
}
