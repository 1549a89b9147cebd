using Hoist.Core.Processes;
using Hoist.Core.Storage;
using Hoist.Testing;

namespace Hoist.Cli.Tests;

/// <summary>Runs the real hoist command as a separate process against a given library, the way a
/// user runs it: through the repository's ./hoist, which runs the ahead-of-time compiled hoist (and
/// builds it first when the sources changed), so that the tests cover the binary users get.</summary>
internal static class HoistCli
{
    private static readonly string Wrapper = Path.Combine(HoistInitBinary.RepositoryRoot(), "hoist");

    /// <summary>How to run hoist with these arguments against <paramref name="home"/>, with the
    /// hoist-init that these tests built (see <see cref="HoistInitBinary"/>).</summary>
    public static async Task<ProcessSpec> SpecAsync(HoistHome home, params string[] arguments) =>
        new(Wrapper, arguments)
        {
            Environment = new Dictionary<string, string?>
            {
                ["HOIST_HOME"] = home.Root,
                ["TERM"] = "dumb",
                ["HOIST_INIT"] = await HoistInitBinary.PathAsync(),
            },
            Timeout = TimeSpan.FromMinutes(10),
            TailLines = 200,
        };

    public static async Task<CliResult> RunAsync(HoistHome home, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(await SpecAsync(home, arguments), CancellationToken.None);
        return new CliResult(result.ExitCode, result.Stdout, result.Stderr);
    }
}

/// <summary>How a hoist run ended.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>The error line hoist printed last on stderr.</summary>
    public string ErrorLine => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
}
