namespace Hoist.Fabric.Api;

/// <summary>How an order ended, as its agent reports it.</summary>
public sealed record OrderResult
{
    public bool Ok { get; init; }

    /// <summary>The failure's message, when not ok.</summary>
    public string? Error { get; init; }

    /// <summary>The failure's category (an ErrorKind name), when not ok.</summary>
    public string? ErrorKind { get; init; }

    /// <summary>The app after the order (app.*), when it exists.</summary>
    public AppReport? App { get; init; }

    /// <summary>state.push, state.final: the digest of the tree recipe of the state layer.</summary>
    public string? Recipe { get; init; }

    /// <summary>Bytes sent to the controller (chunks it lacked, and the recipe).</summary>
    public long BytesSent { get; init; }

    /// <summary>state.*: the size of the whole state layer (its files' bytes).</summary>
    public long BytesTotal { get; init; }

    /// <summary>state.*: entries in the state layer, and how many were read or written this time.</summary>
    public int Files { get; init; }

    public int ChangedFiles { get; init; }

    /// <summary>state.final: when the app was frozen (warm) or stopped (cold): the start of its downtime.</summary>
    public DateTimeOffset? DownSince { get; init; }

    /// <summary>state.pull: bytes fetched from the controller.</summary>
    public long BytesFetched { get; init; }

    /// <summary>The host's listening ports as the result is sent (as in <see cref="HostFacts.PortsInUse"/>):
    /// the controller takes them at once, so that a port an app freed is free before the next heartbeat.</summary>
    public IReadOnlyList<string>? PortsInUse { get; init; }
}
