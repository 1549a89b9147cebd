namespace Hoist.Runtime.Hosts;

/// <summary>What servicing a host did to one of its apps.</summary>
/// <param name="WasRunning">It ran before the upgrade.</param>
/// <param name="State">Its state afterwards ("running", "stopped", "failed").</param>
/// <param name="Reason">Why it is not running again, or null.</param>
public sealed record UpgradeOutcome(string App, bool WasRunning, string State, string? Reason);
