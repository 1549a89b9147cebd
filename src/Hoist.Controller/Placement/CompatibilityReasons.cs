using Hoist.Core.Errors;
using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Elf;
using Hoist.Packaging.Manifests;
using FabricFacts = Hoist.Fabric.Api.HostFacts;
using PackagingFacts = Hoist.Packaging.Compatibility.HostFacts;

namespace Hoist.Controller.Placement;

/// <summary>Why a package cannot run on a host's OS, in the words placement shows ("OS Debian GNU/Linux 12
/// (bookworm) lacks GLIBC_2.38"), from <see cref="CompatibilityChecker"/>'s verdict.</summary>
internal static class CompatibilityReasons
{
    /// <summary>Every incompatibility, joined with "; ", or null when the package can run there.</summary>
    public static string? Of(Requirements requires, FabricFacts facts)
    {
        var os = string.IsNullOrEmpty(facts.Os) ? facts.Image : facts.Os;
        CompatibilityReport report;
        try
        {
            report = CompatibilityChecker.Check(requires, new PackagingFacts(facts.Image, facts.Architecture, facts.Glibc, facts.Libraries));
        }
        catch (HoistException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            return $"OS {os}: {e.Message}";
        }

        if (report.IsCompatible)
        {
            return null;
        }

        var reasons = new List<string>();
        foreach (var problem in report.Problems)
        {
            reasons.Add(problem.Kind switch
            {
                IncompatibilityKind.Architecture => $"OS {os} is {facts.Architecture}, the package is built for {requires.Architecture}",
                IncompatibilityKind.Glibc => $"OS {os} lacks {GlibcVersion.Parse(requires.Glibc!).SymbolVersion}",
                IncompatibilityKind.Libraries => $"OS {os} lacks {string.Join(", ", Missing(requires, facts))}",
                _ => problem.Message,
            });
        }

        return string.Join("; ", reasons);
    }

    private static IEnumerable<string> Missing(Requirements requires, FabricFacts facts)
    {
        var offered = facts.Libraries.ToHashSet(StringComparer.Ordinal);
        return requires.Libraries.Where(l => !offered.Contains(l)).Distinct(StringComparer.Ordinal);
    }
}
