namespace Hoist.Supervision;

/// <summary>
/// What hoist-init passes to itself, re-executed in exec mode, to start one command as a service:
/// the process takes these credentials and limits and then execve()s the command. Besides services,
/// `hoist exec` uses it to run a command in an app as a given user.
/// </summary>
public sealed record ExecRequest
{
    public IReadOnlyList<string> Argv { get; set; } = [];

    /// <summary>The whole environment of the command, as NAME=VALUE.</summary>
    public IReadOnlyList<string> Environment { get; set; } = [];

    public uint Uid { get; set; }

    public uint Gid { get; set; }

    public IReadOnlyList<uint> Groups { get; set; } = [];

    public string? UMask { get; set; }

    public string WorkingDirectory { get; set; } = "/";

    /// <summary>Capabilities kept in the bounding set; null keeps them all.</summary>
    public IReadOnlyList<string>? Capabilities { get; set; }

    public long? LimitNoFile { get; set; }
}
