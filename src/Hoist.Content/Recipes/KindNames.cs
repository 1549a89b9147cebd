using Hoist.Content.Trees;

namespace Hoist.Content.Recipes;

/// <summary>How a <see cref="TreeEntryKind"/> is written in a recipe: fixed names, not the enum's.</summary>
internal static class KindNames
{
    private static readonly (TreeEntryKind Kind, string Name)[] Names =
    [
        (TreeEntryKind.Directory, "directory"),
        (TreeEntryKind.File, "file"),
        (TreeEntryKind.Symlink, "symlink"),
        (TreeEntryKind.HardLink, "hardlink"),
        (TreeEntryKind.CharDevice, "char"),
        (TreeEntryKind.BlockDevice, "block"),
        (TreeEntryKind.Fifo, "fifo"),
    ];

    public static string All { get; } = string.Join(", ", Names.Select(n => n.Name));

    public static string Name(TreeEntryKind kind) =>
        Names.FirstOrDefault(n => n.Kind == kind).Name ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown tree entry kind");

    public static TreeEntryKind? Parse(string? name)
    {
        foreach (var (kind, text) in Names)
        {
            if (text == name)
            {
                return kind;
            }
        }

        return null;
    }
}
