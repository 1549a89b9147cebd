using Hoist.Core.Storage;

namespace Hoist.Runtime.Apps;

/// <summary>An app: a package deployed on a host, with the values it was given.</summary>
public sealed record AppRecord
{
    public required string Name { get; init; }

    public required string Host { get; init; }

    /// <summary>The digest of the package the app runs.</summary>
    public required Digest Package { get; init; }

    /// <summary>Parameter values given at `hoist add` (the package's defaults apply to the others).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Resource limits given at `hoist add` (memory, cpus, pids), over the package's.</summary>
    public IReadOnlyDictionary<string, string> Resources { get; init; } = new Dictionary<string, string>();

    /// <summary>"running" once started, "stopped" once stopped: what the user last asked for.</summary>
    public string Desired { get; init; } = "stopped";

    public DateTimeOffset Created { get; init; }
}
