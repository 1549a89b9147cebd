namespace Hoist.Fabric.Api;

/// <summary>An app of the fabric: where it is placed, what it was given, how it is.</summary>
public sealed record AppView
{
    public required string Name { get; init; }

    /// <summary>The app name it was deployed as; its instances (hoist scale) share it.</summary>
    public required string Group { get; init; }

    public required string Package { get; init; }

    public required string PackageName { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>The host it runs on (during a migration: the source, until the target is ready).</summary>
    public required string Host { get; init; }

    /// <summary>The host's address, where its ports are reached.</summary>
    public string? Address { get; init; }

    /// <summary>"running" or "stopped": what was last asked for; "removed" once its removal was ordered, until
    /// its host confirms it (then the app is gone).</summary>
    public required string Desired { get; init; }

    /// <summary>One of <see cref="AppStates"/>, as its host last reported.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<string> Ports { get; init; } = [];

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Resources { get; init; } = new Dictionary<string, string>();

    /// <summary>The id of the migration in progress, if any.</summary>
    public string? Migration { get; init; }

    public string? Problem { get; init; }

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? Since { get; init; }
}
