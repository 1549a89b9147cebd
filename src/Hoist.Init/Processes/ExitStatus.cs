namespace Hoist.Init.Processes;

/// <summary>How a process ended, decoded from a waitpid status: an exit code, or the signal that killed it.</summary>
internal readonly record struct ExitStatus(int? Code, int? Signal)
{
    /// <summary>Decodes a wait status (WIFEXITED, WEXITSTATUS, WTERMSIG).</summary>
    public static ExitStatus FromWaitStatus(int status) =>
        (status & 0x7f) == 0 ? new ExitStatus((status >> 8) & 0xff, null) : new ExitStatus(null, status & 0x7f);

    public static ExitStatus Exited(int code) => new(code, null);

    public static ExitStatus Killed(int signal) => new(null, signal);

    public bool Success => Code == 0;

    /// <summary>"exited with code 1", "killed by SIGKILL"; 127 and 126 carry the shell's meaning.</summary>
    public override string ToString() => Code switch
    {
        127 => "exited with code 127 (command not found)",
        126 => "exited with code 126 (command not executable)",
        { } code => $"exited with code {code}",
        null => $"killed by {SignalNames.Name(Signal ?? 0)}",
    };
}
