using Hoist.Core.Processes;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>Runs the shell steps of a test as separate programs: the test process never unshares
/// or mounts anything itself.</summary>
internal static class Shell
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="script"/> with sh -eu in a private mount namespace, so that what
    /// it mounts goes away when it exits, whatever happens; the variables are passed in the
    /// environment. Returns its stdout; fails the test with its output when it fails.</summary>
    public static async Task<string> InPrivateMountsAsync(string script, IReadOnlyDictionary<string, string?> variables)
    {
        Prerequisites.RequireRoot();
        var unshare = Prerequisites.RequireTool("unshare", "util-linux");
        return await RunAsync(new ProcessSpec(unshare, "--mount", "--propagation", "private", "sh", "-euc", script)
        {
            Environment = variables,
            Timeout = Timeout,
            TailLines = 40,
        });
    }

    /// <summary>Runs a program in this machine's own mount namespace (mount, umount, mkfifo).</summary>
    public static Task<string> RunAsync(string program, params string[] arguments) =>
        RunAsync(new ProcessSpec(program, arguments) { Timeout = Timeout });

    private static async Task<string> RunAsync(ProcessSpec spec)
    {
        var result = await ProcessRunner.RunAsync(spec, CancellationToken.None);
        Assert.True(result.Succeeded, $"{spec.CommandLine} exited with {result.ExitCode}:\n{string.Join("\n", result.Tail)}");
        return result.Stdout;
    }
}
