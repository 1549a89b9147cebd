namespace Hoist.Sequencing.Analysis;

/// <summary>What <see cref="ServiceDetector"/> reads: the service definitions an installer added or changed.</summary>
public sealed record ServiceSources
{
    /// <summary>The *.service files added or changed directly under /usr/lib/systemd/system,
    /// /lib/systemd/system or /etc/systemd/system (a unit in /etc overrides one of the same name in /usr/lib or /lib).</summary>
    public IReadOnlyList<SourceFile> UnitFiles { get; init; } = [];

    /// <summary>The symbolic links named *.service the installer added under /etc/systemd/system; links in
    /// subdirectories (multi-user.target.wants/...) only enable a unit and may be passed or left out.</summary>
    public IReadOnlyList<AliasLink> AliasLinks { get; init; } = [];

    /// <summary>The files the installer added under /etc/init.d.</summary>
    public IReadOnlyList<SourceFile> InitScripts { get; init; } = [];

    /// <summary>Reads a file of the installed system by its absolute path; null when it does not exist.
    /// Used for EnvironmentFile=.</summary>
    public Func<string, string?> ReadFile { get; init; } = _ => null;
}
