namespace Hoist.Core.Processes;

/// <summary>How an external program ended.</summary>
/// <param name="ExitCode">The exit status; 128+N when killed by signal N.</param>
/// <param name="Stdout">Everything written to stdout, when the spec asked to capture it.</param>
/// <param name="Stderr">Everything written to stderr.</param>
/// <param name="Tail">The last output lines, stdout and stderr interleaved, for error messages.</param>
/// <param name="Elapsed">Wall time from start to exit.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, IReadOnlyList<string> Tail, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;
}
