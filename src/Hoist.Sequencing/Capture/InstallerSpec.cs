namespace Hoist.Sequencing.Capture;

/// <summary>What the capture environment runs: a shell command line or a script file, and files to
/// copy in first.</summary>
public sealed record InstallerSpec
{
    /// <summary>A command line run by /bin/sh; exclusive with <see cref="ScriptPath"/>.</summary>
    public string? Command { get; init; }

    /// <summary>A script on this machine, run inside (by its #! line, or /bin/sh).</summary>
    public string? ScriptPath { get; init; }

    /// <summary>Files or directories copied into the capture root before the installer runs (--add SRC:DEST).</summary>
    public IReadOnlyList<FileAddition> Additions { get; init; } = [];

    /// <summary>The installer is killed when it runs longer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How the manifest describes the installer.</summary>
    public string Description => Command ?? $"script {Path.GetFileName(ScriptPath)}";
}
