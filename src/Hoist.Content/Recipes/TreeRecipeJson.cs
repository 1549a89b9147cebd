namespace Hoist.Content.Recipes;

/// <summary>A <see cref="Trees.TreeRecipe"/> as written (see <see cref="BlobRecipeJson"/>).</summary>
internal sealed class TreeRecipeJson
{
    public string? Format { get; set; }

    public List<TreeEntryJson>? Entries { get; set; }
}
