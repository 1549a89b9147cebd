using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing;

/// <summary>What the sequencer read off a capture, before the port probe.</summary>
internal sealed record CaptureAnalysis
{
    public required IReadOnlyList<ServiceSpec> Services { get; init; }

    public required IReadOnlyList<UserSpec> Users { get; init; }

    public required IReadOnlyList<GroupSpec> Groups { get; init; }

    public required IReadOnlyList<BomEntry> BillOfMaterials { get; init; }

    public required IReadOnlyList<string> StatePaths { get; init; }

    /// <summary>The /etc files the package carries, with their text when it is small and readable.</summary>
    public required IReadOnlyList<SourceFile> ConfigFiles { get; init; }

    public required Requirements Requirements { get; init; }

    /// <summary>The absolute paths of the directories the package carries.</summary>
    public required IReadOnlySet<string> Directories { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }
}
