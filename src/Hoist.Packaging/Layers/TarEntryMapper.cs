using System.Formats.Tar;
using Hoist.Core.Errors;

namespace Hoist.Packaging.Layers;

/// <summary>Turns a tar entry as TarReader parsed it into a <see cref="LayerEntry"/>: maps the
/// ".wh." names back to whiteouts and opaque markers, and refuses the entry types a layer may
/// not hold. Path rules that depend on earlier entries are <see cref="LayerRules"/>' job.</summary>
internal static class TarEntryMapper
{
    /// <summary>The entry, or <see cref="ErrorKind.InvalidArgument"/> "layer entry 'NAME': PROBLEM".</summary>
    internal static LayerEntry ToLayerEntry(TarEntry tar)
    {
        var problem = TypeProblem(tar.EntryType);
        if (problem is not null)
        {
            throw Refuse(tar.Name, problem);
        }

        if (tar.Uid < 0 || tar.Gid < 0)
        {
            throw Refuse(tar.Name, $"owner {tar.Uid}:{tar.Gid} is out of range");
        }

        var kind = tar.EntryType switch
        {
            TarEntryType.Directory => LayerEntryKind.Directory,
            TarEntryType.SymbolicLink => LayerEntryKind.Symlink,
            TarEntryType.HardLink => LayerEntryKind.HardLink,
            _ => LayerEntryKind.File,
        };

        // Tools write directories with a trailing '/'; the path rules refuse it anywhere else.
        var path = kind == LayerEntryKind.Directory && tar.Name.Length > 1 && tar.Name.EndsWith('/') ? tar.Name[..^1] : tar.Name;
        var name = LayerPaths.Name(path);
        if (name.StartsWith(LayerPaths.WhiteoutPrefix, StringComparison.Ordinal) && !path.Contains('\0'))
        {
            (kind, path) = Whiteout(tar, kind, path, name);
        }

        return new LayerEntry
        {
            Path = path,
            Kind = kind,
            Mode = (uint)tar.Mode & 0xFFF,
            Uid = (uint)tar.Uid,
            Gid = (uint)tar.Gid,
            Modified = tar.ModificationTime,
            Size = tar.Length,
            LinkTarget = kind is LayerEntryKind.Symlink or LayerEntryKind.HardLink ? tar.LinkName : null,
            Xattrs = Xattrs(tar),
        };
    }

    private static string? TypeProblem(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
            or TarEntryType.Directory or TarEntryType.SymbolicLink or TarEntryType.HardLink => null,
        TarEntryType.CharacterDevice => "a layer may not hold character devices",
        TarEntryType.BlockDevice => "a layer may not hold block devices",
        TarEntryType.Fifo => "a layer may not hold FIFOs",
        _ => $"entry type {type} is not supported in a layer",
    };

    /// <summary>".wh..wh..opq" marks its directory opaque; ".wh.NAME" deletes NAME.</summary>
    private static (LayerEntryKind Kind, string Path) Whiteout(TarEntry tar, LayerEntryKind kind, string path, string name)
    {
        if (kind != LayerEntryKind.File)
        {
            throw Refuse(tar.Name, "a whiteout must be an empty regular file");
        }

        if (tar.Length != 0)
        {
            throw Refuse(tar.Name, "a whiteout may not have content");
        }

        var parent = LayerPaths.Parent(path);
        if (name == LayerPaths.OpaqueMarker)
        {
            return parent.Length == 0
                ? throw Refuse(tar.Name, "the layer root cannot be made opaque")
                : (LayerEntryKind.Opaque, parent);
        }

        var deleted = name[LayerPaths.WhiteoutPrefix.Length..];
        if (deleted.StartsWith(LayerPaths.WhiteoutPrefix, StringComparison.Ordinal))
        {
            throw Refuse(tar.Name, $"'{LayerPaths.Show(name)}' is not a whiteout this reader knows (only .wh.NAME and {LayerPaths.OpaqueMarker})");
        }

        return deleted is "" or "." or ".."
            ? throw Refuse(tar.Name, "a whiteout must name the file it deletes ('.wh.' followed by a name)")
            : (LayerEntryKind.Whiteout, LayerPaths.Join(parent, deleted));
    }

    private static IReadOnlyDictionary<string, byte[]> Xattrs(TarEntry tar)
    {
        var xattrs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (tar is not PaxTarEntry pax)
        {
            return xattrs;
        }

        foreach (var (key, value) in pax.ExtendedAttributes)
        {
            if (!key.StartsWith(PaxHeaderWriter.XattrPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = key[PaxHeaderWriter.XattrPrefix.Length..];
            try
            {
                xattrs[name] = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                throw Refuse(tar.Name, $"the value of xattr '{LayerPaths.Show(name)}' is not base64");
            }
        }

        return xattrs;
    }

    private static HoistException Refuse(string name, string problem) =>
        HoistException.InvalidArgument($"layer entry '{LayerPaths.Show(name)}': {problem}");
}
