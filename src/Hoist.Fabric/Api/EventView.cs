namespace Hoist.Fabric.Api;

/// <summary>One entry of the controller's event log.</summary>
public sealed record EventView
{
    public long Id { get; init; }

    public DateTimeOffset Time { get; init; }

    /// <summary>What happened: "app.deployed", "migration.succeeded", "host.offline", "auth.refused", ...</summary>
    public required string Kind { get; init; }

    /// <summary>What it happened to: an app, a host, a library item.</summary>
    public string? Subject { get; init; }

    public required string Message { get; init; }
}
