namespace Hoist.Fabric.Api;

/// <summary>Places a package's app on a host and creates it there.</summary>
public sealed record DeployRequest
{
    /// <summary>A library package: NAME (the newest), NAME:VERSION, or a digest (or a prefix of one).</summary>
    public required string Package { get; init; }

    /// <summary>The host to put it on; null lets placement choose.</summary>
    public string? Host { get; init; }

    /// <summary>The app's name; null takes the package's name.</summary>
    public string? Name { get; init; }

    /// <summary>Parameter values and limits (memory, cpus, pids), as `hoist add --set`.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Start the app once created (the default).</summary>
    public bool Start { get; init; } = true;

    /// <summary>Place it and return every host's verdict, without creating anything.</summary>
    public bool DryRun { get; init; }

    /// <summary>Return every host's verdict in <see cref="DeployResult.Verdicts"/> (`--explain`); without it,
    /// only the chosen host's.</summary>
    public bool Explain { get; init; }
}
