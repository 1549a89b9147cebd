namespace Hoist.Sequencing.Delta;

/// <summary>What an installer changed: the items kept for the package, in layer order (each
/// directory before what it holds), and counts of what was left out.</summary>
internal sealed record CaptureDelta(IReadOnlyList<DeltaItem> Items, int Stripped, int Unchanged, IReadOnlyList<string> Notes);
