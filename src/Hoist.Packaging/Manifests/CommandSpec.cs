namespace Hoist.Packaging.Manifests;

/// <summary>An extra command of a service (ExecStartPre=, ExecStop=, ...).</summary>
public sealed record CommandSpec
{
    public IReadOnlyList<string> Exec { get; init; } = [];

    /// <summary>A failure of this command is ignored (the '-' prefix of systemd).</summary>
    public bool IgnoreFailure { get; init; }
}
