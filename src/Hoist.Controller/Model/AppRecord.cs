namespace Hoist.Controller.Model;

/// <summary>An app as the controller keeps it (the apps table). Immutable.</summary>
internal sealed record AppRecord
{
    public required string Name { get; init; }

    /// <summary>The name it was deployed as; its instances share it.</summary>
    public required string Group { get; init; }

    /// <summary>1 for the group's first app, N for GROUP-N.</summary>
    public int Instance { get; init; } = 1;

    /// <summary>Where it is placed (during a migration: the source, until the commit).</summary>
    public required string Host { get; init; }

    public required string Package { get; init; }

    public required string PackageName { get; init; }

    public required string PackageVersion { get; init; }

    /// <summary>The parameter values given at deploy time (not the defaults).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The limits given at deploy time (memory, cpus, pids).</summary>
    public IReadOnlyDictionary<string, string> Resources { get; init; } = new Dictionary<string, string>();

    /// <summary>running, stopped, or removed (its removal was ordered; the row goes when its host confirms).</summary>
    public required string Desired { get; init; }

    /// <summary>As its host last reported it; pending until the first report.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<string> Ports { get; init; } = [];

    public string? Problem { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>The migration in progress, or null.</summary>
    public string? Migration { get; init; }

    public DateTimeOffset Created { get; init; }
}
