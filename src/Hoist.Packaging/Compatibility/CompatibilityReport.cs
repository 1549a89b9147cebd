namespace Hoist.Packaging.Compatibility;

/// <summary>The outcome of <see cref="CompatibilityChecker.Check"/>: every problem found, not only the first.</summary>
/// <param name="Problems">One entry per failed check, in the order architecture, glibc, libraries.</param>
public sealed record CompatibilityReport(IReadOnlyList<Incompatibility> Problems)
{
    /// <summary>What is worth knowing but does not stop the package: what only its other files
    /// (tools that came with the app) would miss on this host.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The exit code for a command that reports this: 16 as the base of incompatibility codes.</summary>
    public const int IncompatibleBase = 16;

    public bool IsCompatible => Problems.Count == 0;

    /// <summary>The kinds of the problems found, combined; 0 when compatible.</summary>
    public IncompatibilityKind Kinds => Problems.Aggregate((IncompatibilityKind)0, (kinds, p) => kinds | p.Kind);

    /// <summary>0 when compatible, otherwise 16 plus the sum of the kinds found: 17 for the
    /// architecture alone, 18 for glibc, 20 for libraries, 23 for all three.</summary>
    public int ExitCode => IsCompatible ? 0 : IncompatibleBase + (int)Kinds;
}
