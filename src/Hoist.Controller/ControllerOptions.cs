
namespace Hoist.Controller;

/// <summary>How a controller runs: where it keeps its data, where it listens, and the timeouts of its
/// failure rules (docs/fabric.md). Tests shorten the timeouts and give their own clock.</summary>
public sealed record ControllerOptions
{
    public const string DefaultListen = "http://127.0.0.1:7780";

    /// <summary>The controller's home: controller.db, token, chunks/, recipes/.</summary>
    public required string Home { get; init; }

    /// <summary>The URLs Kestrel listens on; port 0 takes a free port (read it back from the app's Urls).</summary>
    public IReadOnlyList<string> Listen { get; init; } = [DefaultListen];

    /// <summary>The bearer token every /v1 route needs; null reads HOME/token, made at the first start.</summary>
    public string? Token { get; init; }

    /// <summary>A host with no heartbeat for this long is offline.</summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An order unanswered this long while its host is offline counts as failed, in the
    /// migration phases that may roll back.</summary>
    public TimeSpan OrderTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an agent's long poll may wait at most, whatever it asks for.</summary>
    public TimeSpan MaxPollWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Chunks and recipes younger than this survive a garbage collection even when nothing
    /// references them, so that uploads in flight are not swept.</summary>
    public TimeSpan GcGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A warm migration stops copying while the app runs once a round sends less than this.</summary>
    public long SmallRoundBytes { get; init; } = 4L << 20;

    /// <summary>A warm migration copies at most this many rounds while the app runs.</summary>
    public int MaxCopyRounds { get; init; } = 8;

    /// <summary>The clock of every timeout and of the times the controller records.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}
