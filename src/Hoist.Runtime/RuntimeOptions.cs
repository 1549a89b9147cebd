namespace Hoist.Runtime;

/// <summary>Where the runtime finds the programs it drives.</summary>
public sealed record RuntimeOptions
{
    /// <summary>The hoist-init binary (compiled ahead of time) that supervises each app. HOIST_INIT sets
    /// it; by default, hoist-init beside the running program.</summary>
    public string InitBinary { get; init; } = Environment.GetEnvironmentVariable("HOIST_INIT") is { Length: > 0 } path
        ? path
        : Path.Combine(AppContext.BaseDirectory, "hoist-init");
}
