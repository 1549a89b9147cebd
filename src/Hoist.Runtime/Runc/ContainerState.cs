namespace Hoist.Runtime.Runc;

/// <summary>What runc says of a container: "created", "running", "paused" or "stopped", and the
/// pid of its first process (hoist-init) on this machine, 0 once stopped (and when created: see
/// <see cref="RuncDriver.IsCreated"/>).</summary>
public sealed record ContainerState(string Status, int Pid)
{
    public bool IsRunning => Status is "running" or "paused";
}
