using Hoist.Init.Processes;

namespace Hoist.Init.Services;

/// <summary>The process whose life is the service's: the spawned one, or for a forking service the daemon
/// named by its pid file (or a MAINPID= notification). <see cref="Groups"/> are the process groups
/// that are signalled to stop it: its own and the one hoist-init spawned it in.</summary>
internal sealed record MainProcess(int Pid, Task<ExitStatus> Exited, IReadOnlyList<int> Groups);
