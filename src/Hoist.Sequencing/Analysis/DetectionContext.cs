namespace Hoist.Sequencing.Analysis;

/// <summary>What the readers of units and init scripts share while <see cref="ServiceDetector"/> runs: the
/// names of the package's services, the installed system's files, and the notes.</summary>
internal sealed class DetectionContext(IReadOnlyDictionary<string, string> names, Func<string, string?> readFile, List<string> notes)
{
    /// <summary>Reads a file of the installed system by absolute path; null when missing.</summary>
    public Func<string, string?> ReadFile { get; } = readFile;

    /// <summary>The service of this package that <paramref name="name"/> designates, by unit name or alias:
    /// "kvstore.service" or, as init scripts write it, "kvstore" (names may hold dots: "php8.2-fpm.service").
    /// Null for other units (network.target, units of the OS).</summary>
    public string? Resolve(string name)
    {
        var bare = name.EndsWith(".service", StringComparison.Ordinal) ? name[..^".service".Length] : name;
        return names.GetValueOrDefault(bare);
    }

    public void Note(string text) => notes.Add(text);
}
