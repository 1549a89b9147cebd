using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Compares the package lists of dpkg's database before and after an installer ran.</summary>
public static class BillOfMaterials
{
    /// <summary>Returns what the installer installed and removed. A package counts when
    /// <see cref="DpkgPackage.IsInstalled"/>; it is matched by name and architecture. An installed
    /// package that was installed before at another version gets that version as
    /// <see cref="BomEntry.Replaced"/>. A package is removed when no architecture of its name is
    /// installed after.</summary>
    public static BomDiff Diff(IEnumerable<DpkgPackage> before, IEnumerable<DpkgPackage> after)
    {
        var old = before.Where(p => p.IsInstalled)
            .DistinctBy(p => (p.Name, p.Architecture))
            .ToDictionary(p => (p.Name, p.Architecture), p => p.Version);
        var current = after.Where(p => p.IsInstalled).DistinctBy(p => (p.Name, p.Architecture)).ToList();

        var installed = current
            .Where(p => !old.TryGetValue((p.Name, p.Architecture), out var version) || version != p.Version)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Architecture, StringComparer.Ordinal)
            .Select(p => new BomEntry
            {
                Name = p.Name,
                Version = p.Version,
                Architecture = p.Architecture.Length == 0 ? null : p.Architecture,
                Replaced = old.GetValueOrDefault((p.Name, p.Architecture)),
            })
            .ToList();

        var names = current.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var removed = old.Keys.Select(k => k.Name)
            .Where(name => !names.Contains(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        return new BomDiff { Installed = installed, Removed = removed };
    }
}
