using Hoist.Fabric.Api;

namespace Hoist.Controller.Model;

/// <summary>A migration as the controller keeps it (the migrations table): what the API shows, and what
/// the worker needs to resume it after a restart. Immutable.</summary>
internal sealed record MigrationRecord
{
    public required string Id { get; init; }

    public required string App { get; init; }

    public required string Source { get; init; }

    public required string Target { get; init; }

    public required string Mode { get; init; }

    public required string Phase { get; init; }

    /// <summary>Copy rounds done: the rounds while the app ran, then the final ones (warm two, cold one).</summary>
    public int Rounds { get; init; }

    public long BytesSent { get; init; }

    public long LastRoundBytes { get; init; }

    public long StateBytes { get; init; }

    public double? DowntimeMs { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<string> Log { get; init; } = [];

    public DateTimeOffset Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>The tree recipe of the last round; the final one once state.final is done.</summary>
    public string? LastRecipe { get; init; }

    /// <summary>Every round's recipe: the library's garbage collection keeps them while the migration runs.</summary>
    public IReadOnlyList<string> Recipes { get; init; } = [];

    /// <summary>When the app went down on the source (state.final's report).</summary>
    public DateTimeOffset? DownSince { get; init; }

    /// <summary>Whether the app ran on the source when the migration began: a rollback starts it again only then.</summary>
    public bool SourceWasRunning { get; init; }

    /// <summary>The order sent for each step ("push-1", "final", "start", ...), so that a resumed migration
    /// waits for the order it sent instead of sending another.</summary>
    public IReadOnlyDictionary<string, long> Steps { get; init; } = new Dictionary<string, long>();

    public bool IsFinished => Phase is MigrationPhases.Succeeded or MigrationPhases.RolledBack or MigrationPhases.Failed;
}
