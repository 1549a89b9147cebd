namespace Hoist.Supervision;

/// <summary>
/// What hoist-init passes to itself, re-executed in exec mode, to start one command as a service:
/// the process takes these credentials and limits and then execve()s the command. Besides services,
/// `hoist exec` uses it to run a command in an app as a given user.
/// </summary>
public sealed record ExecRequest
{
    public IReadOnlyList<string> Argv { get; init; } = [];

    /// <summary>The whole environment of the command, as NAME=VALUE.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public IReadOnlyList<uint> Groups { get; init; } = [];

    public string? UMask { get; init; }

    public string WorkingDirectory { get; init; } = "/";

    /// <summary>Capabilities kept in the bounding set; null keeps them all.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    public long? LimitNoFile { get; init; }
}
