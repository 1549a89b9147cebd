namespace Hoist.Content.Trees;

/// <summary>
/// A directory tree (an OS image's root, an app's state layer) as the list of its entries, each
/// with its metadata and, for a file, its chunks. Entries are in ordinal order of path (so each
/// directory comes before what it holds), and the first is the root itself (path "").
/// Its identity is <see cref="Recipes.RecipeSerializer.DigestOf(TreeRecipe)"/>.
/// </summary>
public sealed record TreeRecipe
{
    public const string FormatName = "hoist-tree/1";

    /// <summary>Always <see cref="FormatName"/>; a reader refuses any other.</summary>
    public string Format { get; init; } = FormatName;

    public required IReadOnlyList<TreeEntry> Entries { get; init; }
}
