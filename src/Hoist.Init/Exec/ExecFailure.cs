namespace Hoist.Init.Exec;

/// <summary>A step of exec mode failed: the message says which ("cannot run /x: No such file or
/// directory") and the exit code follows the shell's convention (127 not found, 126 not executable, 1 else).</summary>
internal sealed class ExecFailure(string message, int exitCode) : Exception(message)
{
    public const int NotFound = 127;
    public const int NotExecutable = 126;
    public const int Other = 1;

    public int ExitCode { get; } = exitCode;
}
