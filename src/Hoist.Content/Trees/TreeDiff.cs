using Hoist.Content.Chunking;
using Hoist.Content.Recipes;
using Hoist.Core.Storage;

namespace Hoist.Content.Trees;

/// <summary>Compares tree recipes entry by entry.</summary>
public static class TreeDiff
{
    /// <summary>
    /// What differs from <paramref name="from"/> (null for an empty tree: everything is added) to
    /// <paramref name="to"/>. Both are checked first: a recipe that is not well formed throws
    /// <see cref="Core.Errors.ErrorKind.InvalidArgument"/> as <see cref="RecipeSerializer"/> does.
    /// </summary>
    public static TreeChanges Compare(TreeRecipe? from, TreeRecipe to)
    {
        ArgumentNullException.ThrowIfNull(to);
        RecipeValidator.Validate(to);
        if (from is not null)
        {
            RecipeValidator.Validate(from);
        }

        var before = new Dictionary<string, TreeEntry>(StringComparer.Ordinal);
        var had = new HashSet<Digest>();
        foreach (var entry in from?.Entries ?? [])
        {
            before[entry.Path] = entry;
            foreach (var chunk in entry.Chunks)
            {
                had.Add(chunk.Digest);
            }
        }

        List<string> added = [], changed = [], rewritten = [];
        var chunks = new List<ChunkRef>();
        foreach (var entry in to.Entries)
        {
            foreach (var chunk in entry.Chunks)
            {
                if (had.Add(chunk.Digest))
                {
                    chunks.Add(chunk);
                }
            }

            if (!before.Remove(entry.Path, out var old))
            {
                added.Add(entry.Path);
            }
            else if (!SameContent(old, entry))
            {
                changed.Add(entry.Path);
                rewritten.Add(entry.Path);
            }
            else if (!SameMetadata(old, entry))
            {
                changed.Add(entry.Path);
            }
        }

        var removed = before.Keys.ToList();
        removed.Sort(StringComparer.Ordinal);
        return new TreeChanges { Added = added, Changed = changed, Rewritten = rewritten, Removed = removed, Chunks = chunks };
    }

    /// <summary>Same kind, and the same bytes, link target or device numbers.</summary>
    internal static bool SameContent(TreeEntry a, TreeEntry b) =>
        a.Kind == b.Kind && a.Size == b.Size && a.Link == b.Link && a.Major == b.Major && a.Minor == b.Minor
        && a.Chunks.SequenceEqual(b.Chunks);

    /// <summary>Same owner, mode, mtime and xattrs.</summary>
    internal static bool SameMetadata(TreeEntry a, TreeEntry b) =>
        a.Mode == b.Mode && a.Uid == b.Uid && a.Gid == b.Gid && a.MtimeNs == b.MtimeNs && SameXattrs(a.Xattrs, b.Xattrs);

    internal static bool SameXattrs(IReadOnlyDictionary<string, byte[]> a, IReadOnlyDictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var value) && value.AsSpan().SequenceEqual(x.Value));
}
