using Hoist.Core.Errors;

namespace Hoist.Packaging.Layers;

/// <summary>
/// Checks a layer's entries one by one, in order, against the rules that make extraction safe:
/// clean relative paths, no path twice, nothing under a symlink, file or whiteout of the same
/// layer, symlinks that stay inside the root, hard links only to earlier files. Both
/// <see cref="LayerWriter"/> (before writing anything) and <see cref="LayerReader"/> (before
/// handing an entry on) use it.
/// </summary>
internal sealed class LayerRules
{
    private const int MaxXattrName = 255;
    private const int MaxXattrValue = 65536;
    private const string LiesUnder = "lies under ";

    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _opaque = new(StringComparer.Ordinal);

    /// <summary>Accepts <paramref name="entry"/> or throws <see cref="ErrorKind.InvalidArgument"/>
    /// "layer entry 'NAME': PROBLEM", where NAME is <paramref name="shownName"/> (the name as
    /// stored in the tar) or else the entry's path.</summary>
    public void Check(LayerEntry entry, string? shownName = null)
    {
        if (Problem(entry) is { } problem)
        {
            // "layer entry 'a/b' lies under the symlink 'a'" reads as a sentence without a colon.
            var separator = problem.StartsWith(LiesUnder, StringComparison.Ordinal) ? " " : ": ";
            throw HoistException.InvalidArgument($"layer entry '{LayerPaths.Show(shownName ?? entry.Path)}'{separator}{problem}");
        }

        Record(entry);
    }

    private string? Problem(LayerEntry entry)
    {
        if (LayerPaths.Problem(entry.Path) is { } pathProblem)
        {
            return "a path " + pathProblem;
        }

        if (entry.Path.Split('/').FirstOrDefault(c => c.StartsWith(LayerPaths.WhiteoutPrefix, StringComparison.Ordinal)) is { } reserved)
        {
            return $"the name '{LayerPaths.Show(reserved)}' is reserved for whiteouts";
        }

        if (entry.Mode > 0xFFF)
        {
            return $"mode {Convert.ToString(entry.Mode, 8)} has bits beyond 07777";
        }

        // TarReader holds owners in an int.
        if (entry.Uid > int.MaxValue || entry.Gid > int.MaxValue)
        {
            return $"owner {entry.Uid}:{entry.Gid} is beyond {int.MaxValue}";
        }

        return PlacementProblem(entry) ?? KindProblem(entry) ?? XattrProblem(entry);
    }

    /// <summary>Where the entry sits: not twice, not below something that is not a directory.</summary>
    private string? PlacementProblem(LayerEntry entry)
    {
        // An opaque marker lives inside its directory, so that directory counts as an ancestor.
        var ancestors = LayerPaths.Ancestors(entry.Path);
        if (entry.Kind == LayerEntryKind.Opaque)
        {
            ancestors = ancestors.Append(entry.Path);
        }

        foreach (var ancestor in ancestors)
        {
            if (_nodes.TryGetValue(ancestor, out var node) && node.Kind != LayerEntryKind.Directory)
            {
                return $"{LiesUnder}the {Describe(node.Kind)} '{LayerPaths.Show(ancestor)}'";
            }
        }

        if (entry.Kind == LayerEntryKind.Opaque)
        {
            return _opaque.Contains(entry.Path) ? "the directory is marked opaque twice" : null;
        }

        if (_nodes.TryGetValue(entry.Path, out var existing))
        {
            if (existing.Explicit)
            {
                return "the path appears twice in the layer";
            }

            if (entry.Kind != LayerEntryKind.Directory)
            {
                return "the path is a directory that holds earlier entries";
            }
        }

        return entry.Kind != LayerEntryKind.Directory && _opaque.Contains(entry.Path)
            ? "the path is marked as an opaque directory"
            : null;
    }

    private string? KindProblem(LayerEntry entry)
    {
        if (entry.Kind != LayerEntryKind.File && entry.Size != 0)
        {
            return $"a {Describe(entry.Kind)} may not have content";
        }

        switch (entry.Kind)
        {
            case LayerEntryKind.File when entry.Size < 0:
                return $"size {entry.Size} is negative";
            case LayerEntryKind.Symlink:
                return SymlinkProblem(entry);
            case LayerEntryKind.HardLink:
                return HardLinkProblem(entry);
            default:
                return null;
        }
    }

    private static string? SymlinkProblem(LayerEntry entry)
    {
        var target = entry.LinkTarget ?? string.Empty;
        if (target.Length == 0 || target.Contains('\0') || target.Contains('\n'))
        {
            return "a symlink target may not be empty or contain NUL or a newline";
        }

        return LayerPaths.Escapes(entry.Path, target)
            ? $"the symlink target '{LayerPaths.Show(target)}' points outside the layer root"
            : null;
    }

    private string? HardLinkProblem(LayerEntry entry)
    {
        var target = entry.LinkTarget ?? string.Empty;
        if (LayerPaths.Problem(target) is { } problem)
        {
            return $"a hard link target {problem} ('{LayerPaths.Show(target)}')";
        }

        return _nodes.TryGetValue(target, out var node) && node.Kind == LayerEntryKind.File
            ? null
            : $"the hard link target '{LayerPaths.Show(target)}' is not an earlier regular file of this layer";
    }

    private static string? XattrProblem(LayerEntry entry)
    {
        foreach (var (name, value) in entry.Xattrs)
        {
            // The name becomes a PAX keyword: printable ASCII, and '=' would end the keyword.
            if (name.Length is 0 or > MaxXattrName || name.Any(c => c is <= ' ' or > '~' or '='))
            {
                return $"xattr name '{LayerPaths.Show(name)}' must be 1 to {MaxXattrName} printable ASCII characters without '='";
            }

            if (value.Length > MaxXattrValue)
            {
                return $"xattr '{name}' is {value.Length} bytes, more than the {MaxXattrValue} Linux allows";
            }
        }

        return null;
    }

    private void Record(LayerEntry entry)
    {
        foreach (var ancestor in LayerPaths.Ancestors(entry.Path))
        {
            _nodes.TryAdd(ancestor, new Node(LayerEntryKind.Directory, Explicit: false));
        }

        if (entry.Kind == LayerEntryKind.Opaque)
        {
            _nodes.TryAdd(entry.Path, new Node(LayerEntryKind.Directory, Explicit: false));
            _opaque.Add(entry.Path);
            return;
        }

        _nodes[entry.Path] = new Node(entry.Kind, Explicit: true);
    }

    private static string Describe(LayerEntryKind kind) => kind switch
    {
        LayerEntryKind.File => "file",
        LayerEntryKind.HardLink => "hard link",
        LayerEntryKind.Symlink => "symlink",
        LayerEntryKind.Whiteout => "whiteout",
        LayerEntryKind.Opaque => "opaque marker",
        _ => "directory",
    };

    private readonly record struct Node(LayerEntryKind Kind, bool Explicit);
}
