using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>How the installer changed the set of Debian packages, as <see cref="BillOfMaterials"/> found it.</summary>
public sealed record BomDiff
{
    /// <summary>Packages installed after and not installed at that version before (new or upgraded), sorted by name, then architecture.</summary>
    public IReadOnlyList<BomEntry> Installed { get; init; } = [];

    /// <summary>Names of packages installed before and not after (under any architecture), sorted.</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];
}
