namespace Hoist.Core.Processes;

/// <summary>How to run one external program. Hoist drives runc, debootstrap, tar and its
/// namespace helpers as programs, never by linking them.</summary>
public sealed record ProcessSpec
{
    public ProcessSpec(string fileName, params IEnumerable<string> arguments)
    {
        FileName = fileName;
        Arguments = [.. arguments];
    }

    /// <summary>The program: a path, or a name looked up on PATH.</summary>
    public string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Variables set for the child on top of the inherited environment (a null value removes one).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>When true the child starts with only <see cref="Environment"/>, not this process's variables.</summary>
    public bool ClearEnvironment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>What error messages call the program ("the installer"); its file name when null.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The run is killed (with its whole process tree) when it lasts longer than this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Called with each line the child writes to stdout; null to only capture it.</summary>
    public Action<string>? OnStdout { get; init; }

    /// <summary>Called with each line the child writes to stderr; null to only capture it.</summary>
    public Action<string>? OnStderr { get; init; }

    /// <summary>Text written to the child's stdin, which is then closed. Null leaves stdin open for
    /// <see cref="ExternalProcess.StandardInput"/> (when <see cref="KeepStdinOpen"/>) or closed.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Keep stdin open so that the caller can talk to the child line by line.</summary>
    public bool KeepStdinOpen { get; init; }

    /// <summary>How many of the last output lines (stdout and stderr together) to keep for error messages.</summary>
    public int TailLines { get; init; } = 20;

    /// <summary>Capture the whole stdout in <see cref="ProcessResult.Stdout"/>.</summary>
    public bool CaptureStdout { get; init; } = true;

    public string CommandLine => string.Join(' ', [FileName, .. Arguments.Select(Text.ShellQuote.Quote)]);
}
