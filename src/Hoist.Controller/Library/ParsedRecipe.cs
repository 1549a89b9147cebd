using Hoist.Content.Blobs;
using Hoist.Content.Trees;

namespace Hoist.Controller.Library;

/// <summary>A recipe read back: a blob recipe or a tree recipe (one of the two is set).</summary>
internal sealed record ParsedRecipe(BlobRecipe? Blob, TreeRecipe? Tree)
{
    /// <summary>The chunks it names, each once, as "sha256:HEX".</summary>
    public IReadOnlyList<string> Chunks =>
        (Blob?.Chunks ?? Tree!.Entries.SelectMany(e => e.Chunks)).Select(c => c.Digest.ToString()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The whole size of what it describes: the blob, or every file of the tree.</summary>
    public long LogicalBytes => Blob?.Size ?? Tree!.Entries.Sum(e => e.Size);

    public string Format => Blob?.Format ?? Tree!.Format;
}
