using System.Text;
using Hoist.Content.Blobs;
using Hoist.Content.Chunking;
using Hoist.Content.Trees;
using Hoist.Core.Errors;

namespace Hoist.Content.Recipes;

/// <summary>
/// What makes a recipe well formed, checked before a recipe is written, after it is read, and
/// before anything is written from it. Every failure is <see cref="ErrorKind.InvalidArgument"/>
/// naming the entry (its index and path) and the problem.
/// </summary>
internal static class RecipeValidator
{
    public const string OverlayPrefix = "trusted.overlay.";
    public const string OpaqueXattr = "trusted.overlay.opaque";
    private const int MaxXattrValue = 64 << 10;
    private const int MaxLinkBytes = 4095;
    private static readonly string[] Namespaces = ["user.", "trusted.", "security.", "system."];

    public static void Validate(BlobRecipe recipe)
    {
        if (recipe.Format != BlobRecipe.FormatName)
        {
            throw Bad("blob recipe", $"format {TreePaths.Show(recipe.Format)} is not {BlobRecipe.FormatName}");
        }

        if (recipe.Digest.Hex is null)
        {
            throw Bad("blob recipe", "it has no digest");
        }

        if (recipe.Chunks is null)
        {
            throw Bad("blob recipe", "it has no chunk list");
        }

        if (ChunksProblem(recipe.Chunks, recipe.Size) is { } problem)
        {
            throw Bad("blob recipe", problem);
        }
    }

    public static void Validate(TreeRecipe recipe)
    {
        if (recipe.Format != TreeRecipe.FormatName)
        {
            throw Bad("tree recipe", $"format {TreePaths.Show(recipe.Format)} is not {TreeRecipe.FormatName}");
        }

        if (recipe.Entries is not { Count: > 0 } entries)
        {
            throw Bad("tree recipe", "it has no entries (the first must be the root, path \"\")");
        }

        var kinds = new Dictionary<string, TreeEntryKind>(entries.Count, StringComparer.Ordinal);
        string? previous = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw Bad("tree recipe", $"entry {i} is null");
            if (Problem(entry, i, previous, kinds) is { } problem)
            {
                throw Bad("tree recipe", $"entry {i} {TreePaths.Show(entry.Path)}: {problem}");
            }

            kinds[entry.Path] = entry.Kind;
            previous = entry.Path;
        }
    }

    private static string? Problem(TreeEntry entry, int index, string? previous, Dictionary<string, TreeEntryKind> kinds)
    {
        if (index == 0)
        {
            if (entry.Path != string.Empty || entry.Kind != TreeEntryKind.Directory)
            {
                return "the first entry must be the root: a directory with path \"\"";
            }
        }
        else if (TreePaths.Problem(entry.Path) is { } pathProblem)
        {
            return pathProblem;
        }
        else if (string.CompareOrdinal(previous, entry.Path) >= 0)
        {
            return $"entries must be in ordinal order of path, each once: it comes after {TreePaths.Show(previous)}";
        }
        else
        {
            var parent = TreePaths.Parent(entry.Path);
            if (!kinds.TryGetValue(parent, out var parentKind))
            {
                return $"its directory {TreePaths.Show(parent)} is not an entry before it";
            }

            if (parentKind != TreeEntryKind.Directory)
            {
                return $"it lies under {TreePaths.Show(parent)}, which is a {parentKind}, not a directory";
            }
        }

        return KindProblem(entry, kinds) ?? XattrProblem(entry.Xattrs) ?? (entry.Mode > 0xFFF ? $"mode {Convert.ToString(entry.Mode, 8)} has bits beyond 07777" : null);
    }

    private static string? KindProblem(TreeEntry entry, Dictionary<string, TreeEntryKind> kinds)
    {
        if (!Enum.IsDefined(entry.Kind))
        {
            return $"unknown kind {(int)entry.Kind}";
        }

        if (entry.Chunks is null)
        {
            return "it has no chunk list";
        }

        if (entry.Kind != TreeEntryKind.File && (entry.Size != 0 || entry.Chunks.Count != 0))
        {
            return $"a {entry.Kind} has no size and no chunks";
        }

        if (entry.Kind is not (TreeEntryKind.Symlink or TreeEntryKind.HardLink) && entry.Link is not null)
        {
            return $"a {entry.Kind} has no link";
        }

        if (entry.Kind is not (TreeEntryKind.CharDevice or TreeEntryKind.BlockDevice) && (entry.Major != 0 || entry.Minor != 0))
        {
            return $"a {entry.Kind} has no device numbers";
        }

        switch (entry.Kind)
        {
            case TreeEntryKind.File:
                return ChunksProblem(entry.Chunks, entry.Size);
            case TreeEntryKind.Symlink:
                return string.IsNullOrEmpty(entry.Link) || entry.Link.Contains('\0') || Encoding.UTF8.GetByteCount(entry.Link) > MaxLinkBytes
                    ? $"a symlink needs a target of 1 to {MaxLinkBytes} bytes without NUL"
                    : null;
            case TreeEntryKind.HardLink:
                if (entry.Link is null || !kinds.TryGetValue(entry.Link, out var target))
                {
                    return $"a hard link must name an entry before it; {TreePaths.Show(entry.Link)} is none";
                }

                return target is TreeEntryKind.Directory or TreeEntryKind.HardLink
                    ? $"a hard link must name the first entry of its inode, not a {target}"
                    : entry.Xattrs.Count != 0 ? "a hard link has no xattrs of its own" : null;
            default:
                return null;
        }
    }

    private static string? XattrProblem(IReadOnlyDictionary<string, byte[]>? xattrs)
    {
        if (xattrs is null)
        {
            return "it has no xattr set";
        }

        foreach (var (name, value) in xattrs)
        {
            if (!Namespaces.Any(n => name.StartsWith(n, StringComparison.Ordinal) && name.Length > n.Length)
                || name.Contains('\0') || Encoding.UTF8.GetByteCount(name) > 255)
            {
                return $"xattr name {TreePaths.Show(name)} is not a user., trusted., security. or system. name of at most 255 bytes";
            }

            if (name.StartsWith(OverlayPrefix, StringComparison.Ordinal) && name != OpaqueXattr)
            {
                return $"xattr {name} is overlayfs's own: only {OpaqueXattr} may be kept";
            }

            if (value is null || value.Length > MaxXattrValue)
            {
                return $"xattr {name} needs a value of at most {MaxXattrValue} bytes";
            }
        }

        return null;
    }

    private static string? ChunksProblem(IReadOnlyList<ChunkRef> chunks, long size)
    {
        var sum = 0L;
        for (var i = 0; i < chunks.Count; i++)
        {
            if (ChunkProblem(chunks[i]) is { } problem)
            {
                return $"chunk {i}: {problem}";
            }

            sum += chunks[i].Size;
        }

        return sum == size ? null : $"its size {size} is not the sum of its chunks' sizes ({sum})";
    }

    private static string? ChunkProblem(ChunkRef? chunk) => chunk switch
    {
        null => "it is null",
        { Digest.Hex: null } => "it has no digest",
        { Size: <= 0 or > ChunkerOptions.Limit } => $"its size {chunk.Size} is not within 1 to {ChunkerOptions.Limit}",
        _ => null,
    };

    private static HoistException Bad(string what, string problem) =>
        HoistException.InvalidArgument($"{what} is not valid: {problem}");
}
