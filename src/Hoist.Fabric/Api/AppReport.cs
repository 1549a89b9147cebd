namespace Hoist.Fabric.Api;

/// <summary>One app as its host's agent sees it.</summary>
public sealed record AppReport
{
    public required string Name { get; init; }

    /// <summary>The digest of the package it runs.</summary>
    public required string Package { get; init; }

    /// <summary>One of <see cref="AppStates"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The ports its services listen on now ("6379/tcp").</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    /// <summary>When it last started, while it runs.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Why it is not running as wanted (a service's failure), or null.</summary>
    public string? Problem { get; init; }
}
