using Hoist.Core.Errors;

namespace Hoist.Core.Processes;

/// <summary>Runs external programs to completion.</summary>
public static class ProcessRunner
{
    /// <summary>Runs the program and returns how it ended, whatever its exit code.
    /// Cancellation and the spec's timeout kill it (see <see cref="ExternalProcess.WaitAsync"/>).</summary>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        await using var process = ExternalProcess.Start(spec);
        return await process.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the program and throws <see cref="ErrorKind.FailedPrecondition"/> (with its last
    /// output lines) when it exits non-zero; <paramref name="what"/> names the step for the message.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(ProcessSpec spec, string what, CancellationToken cancellationToken)
    {
        var result = await RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new HoistException(ErrorKind.FailedPrecondition, $"{what} failed: '{Path.GetFileName(spec.FileName)}' exited with code {result.ExitCode}")
            {
                Details = result.Tail,
            };
        }

        return result;
    }
}
