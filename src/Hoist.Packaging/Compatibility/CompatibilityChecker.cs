using Hoist.Core.Errors;
using Hoist.Packaging.Elf;
using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Compatibility;

/// <summary>Holds what a package requires against what an OS image offers.</summary>
public static class CompatibilityChecker
{
    /// <summary>
    /// Runs every check and reports every failure: the architecture differs (when the package
    /// names one); the image's glibc is older than the one the package needs, or unknown (when
    /// the package needs one); libraries the package needs are not on the image. A requirement
    /// the package does not have passes. Throws <see cref="ErrorKind.InvalidArgument"/> when a
    /// glibc version on either side is not a version such as 2.36.
    /// </summary>
    public static CompatibilityReport Check(Requirements required, HostFacts host)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(host);

        var problems = new List<Incompatibility>();
        if (required.Architecture is { } architecture && architecture != host.Architecture)
        {
            problems.Add(new Incompatibility(
                IncompatibilityKind.Architecture,
                $"architecture: the package is built for {architecture}, image '{host.Name}' is {host.Architecture}"));
        }

        if (required.Glibc is { } neededText)
        {
            var needed = ParseGlibc(neededText, "the package requires");
            var has = host.Glibc is null ? (GlibcVersion?)null : ParseGlibc(host.Glibc, $"image '{host.Name}' has");
            if (has is null || has.Value < needed)
            {
                problems.Add(new Incompatibility(
                    IncompatibilityKind.Glibc,
                    $"glibc too old: the package needs {needed.SymbolVersion}, image '{host.Name}' has {has?.ToString() ?? "no glibc"}"));
            }
        }

        var offered = host.Libraries.ToHashSet(StringComparer.Ordinal);
        var missing = required.Libraries.Where(l => !offered.Contains(l)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new Incompatibility(
                IncompatibilityKind.Libraries,
                $"missing libraries: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not on image '{host.Name}'"));
        }

        return new CompatibilityReport(problems) { Notes = OtherNotes(required.Others, host, offered) };
    }

    private static List<string> OtherNotes(OtherRequirements? others, HostFacts host, HashSet<string> offered)
    {
        var notes = new List<string>();
        if (others is null)
        {
            return notes;
        }

        var missing = others.Libraries.Where(l => !offered.Contains(l)).ToList();
        if (missing.Count > 0)
        {
            notes.Add($"tools that came with the app (not its services) need {string.Join(", ", missing)}, not on image '{host.Name}'");
        }

        if (others.Glibc is { } glibc && GlibcVersion.TryParse(glibc, out var needed)
            && (host.Glibc is null || !GlibcVersion.TryParse(host.Glibc, out var has) || has < needed))
        {
            notes.Add($"tools that came with the app (not its services) need {needed.SymbolVersion}, image '{host.Name}' has {host.Glibc ?? "no glibc"}");
        }

        return notes;
    }

    private static GlibcVersion ParseGlibc(string text, string whose) =>
        GlibcVersion.TryParse(text, out var version)
            ? version
            : throw HoistException.InvalidArgument($"{whose} glibc '{text}', which is not a version such as 2.36");
}
