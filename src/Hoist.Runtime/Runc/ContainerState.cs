namespace Hoist.Runtime.Runc;

/// <summary>What runc says of a container: "created", "running", "paused" or "stopped", and the
/// pid of its first process (hoist-init) on this machine, 0 once stopped (and when created: see
/// <see cref="RuncDriver.IsCreated"/>). <see cref="AppRuntime.ContainerStateAsync"/> says "standby" for a
/// running container whose hoist-init has not started the services: the app is stopped.</summary>
public sealed record ContainerState(string Status, int Pid)
{
    public bool IsRunning => Status is "running" or "paused";
}
