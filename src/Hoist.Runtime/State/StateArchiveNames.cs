namespace Hoist.Runtime.State;

/// <summary>The names inside a state archive, in the order they must appear, and the format they belong to.</summary>
internal static class StateArchiveNames
{
    internal const string Format = "hoist-state/1";
    internal const string PackageFormat = "hoist-package/1";
    internal const string Index = "index.json";
    internal const string Metadata = "state.json";
    internal const string Layer = "state.tar.zst";

    /// <summary>What the writer appends to the destination's name while the archive is incomplete.</summary>
    internal const string PartialSuffix = ".partial";
}
