namespace Hoist.Init.Processes;

/// <summary>A process hoist-init started, leader of its own process group (its pgid is its pid).</summary>
internal sealed record SpawnedProcess(int Pid, Task<ExitStatus> Exited)
{
    public int ProcessGroup => Pid;
}
