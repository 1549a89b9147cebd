using Hoist.Core.Processes;
using Hoist.Core.Storage;

namespace Hoist.Cli.Tests;

/// <summary>Runs the real hoist command (the hoist.dll built beside these tests) as a separate
/// process against a given library, the way a user runs it.</summary>
internal static class HoistCli
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "hoist.dll");

    public static ProcessSpec Spec(HoistHome home, params string[] arguments) =>
        new(Hoist.Core.Processes.Tools.Find("dotnet") ?? "/usr/bin/dotnet", ["exec", Dll, .. arguments])
        {
            Environment = new Dictionary<string, string?> { ["HOIST_HOME"] = home.Root, ["TERM"] = "dumb" },
            Timeout = TimeSpan.FromMinutes(10),
            TailLines = 200,
        };

    public static async Task<CliResult> RunAsync(HoistHome home, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(Spec(home, arguments), CancellationToken.None);
        return new CliResult(result.ExitCode, result.Stdout, result.Stderr);
    }
}

/// <summary>How a hoist run ended.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";

    /// <summary>The error line hoist printed last on stderr.</summary>
    public string ErrorLine => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
}
