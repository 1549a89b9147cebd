namespace Hoist.Fabric.Api;

/// <summary>A migration and how far it got.</summary>
public sealed record MigrationView
{
    public required string Id { get; init; }

    public required string App { get; init; }

    public required string Source { get; init; }

    public required string Target { get; init; }

    public required string Mode { get; init; }

    /// <summary>One of <see cref="MigrationPhases"/>.</summary>
    public required string Phase { get; init; }

    /// <summary>Copy rounds done (warm: while the app ran; then the final ones).</summary>
    public int Rounds { get; init; }

    /// <summary>Bytes sent by the source (chunks and recipes), in all.</summary>
    public long BytesSent { get; init; }

    /// <summary>Bytes sent by the source in the last round.</summary>
    public long LastRoundBytes { get; init; }

    /// <summary>The size of the app's state.</summary>
    public long StateBytes { get; init; }

    /// <summary>From freeze (cold: stop) to the app ready on the target; null until then.</summary>
    public double? DowntimeMs { get; init; }

    /// <summary>Why it failed or rolled back.</summary>
    public string? Error { get; init; }

    /// <summary>What happened, a line a step, oldest first.</summary>
    public IReadOnlyList<string> Log { get; init; } = [];

    public DateTimeOffset Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public bool IsFinished => Phase is MigrationPhases.Succeeded or MigrationPhases.RolledBack or MigrationPhases.Failed;
}
