using Hoist.Linux;

namespace Hoist.Packaging.Layers;

/// <summary>
/// Creates the entries of one layer under a root, in layer order, for <see cref="LayerExtractor"/>.
/// It relies on <see cref="LayerRules"/> having accepted each entry: paths are clean, no entry
/// lies under a symlink or a file of the layer, and no path comes twice. It only creates
/// directories it knows it made, creates files with O_EXCL, and never changes a symlink's target.
/// </summary>
internal sealed class LayerTreeBuilder(string root)
{
    private const string OverlayXattrPrefix = "trusted.overlay.";
    private const string OpaqueXattr = "trusted.overlay.opaque";
    private const uint DefaultDirectoryMode = 0x1ED; // 0755

    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { string.Empty };
    private readonly List<LayerEntry> _pendingDirectories = [];

    /// <summary>Creates one entry; directories get their metadata later, in <see cref="FinishDirectories"/>.</summary>
    public async ValueTask AddAsync(LayerEntry entry, Stream? content, CancellationToken cancellationToken)
    {
        var path = FullPath(entry.Path);
        CreateParents(entry.Path);
        switch (entry.Kind)
        {
            case LayerEntryKind.Directory:
                CreateDirectory(entry.Path);
                _pendingDirectories.Add(entry);
                break;
            case LayerEntryKind.File:
                await WriteFileAsync(path, entry, content ?? Stream.Null, cancellationToken).ConfigureAwait(false);
                ApplyMetadata(path, entry, isSymlink: false);
                break;
            case LayerEntryKind.Symlink:
                File.CreateSymbolicLink(path, entry.LinkTarget!);
                ApplyMetadata(path, entry, isSymlink: true);
                break;
            case LayerEntryKind.HardLink:
                FileMetadata.CreateHardLink(FullPath(entry.LinkTarget!), path);
                break;
            case LayerEntryKind.Whiteout:
                FileMetadata.CreateOverlayWhiteout(path);
                FileMetadata.SetOwner(path, entry.Uid, entry.Gid);
                FileMetadata.SetModifiedTime(path, entry.Modified);
                break;
            case LayerEntryKind.Opaque:
                CreateDirectory(entry.Path);
                LinuxFiles.SetXattr(path, OpaqueXattr, "y"u8);
                break;
        }
    }

    /// <summary>Sets the directories' owners, modes, xattrs and mtimes, now that nothing more is
    /// created inside them (creating an entry changes its directory's mtime).</summary>
    public void FinishDirectories()
    {
        foreach (var entry in _pendingDirectories)
        {
            ApplyMetadata(FullPath(entry.Path), entry, isSymlink: false);
        }
    }

    private string FullPath(string layerPath) => Path.Join(root, layerPath);

    /// <summary>Makes the directories above an entry that the layer did not list (mode 0755, root's).</summary>
    private void CreateParents(string layerPath)
    {
        foreach (var ancestor in LayerPaths.Ancestors(layerPath))
        {
            CreateDirectory(ancestor);
        }
    }

    private void CreateDirectory(string layerPath)
    {
        if (_directories.Add(layerPath))
        {
            FileMetadata.CreateDirectory(FullPath(layerPath), DefaultDirectoryMode);
        }
    }

    private static async Task WriteFileAsync(string path, LayerEntry entry, Stream content, CancellationToken cancellationToken)
    {
        // CreateNew is O_CREAT|O_EXCL: it never opens what is there, nor follows a symlink.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            await content.CopyToAsync(file, 1 << 20, cancellationToken).ConfigureAwait(false);
            if (file.Length != entry.Size)
            {
                throw LayerErrors.Corrupt($"the content of '{LayerPaths.Show(entry.Path)}' ends after {file.Length} of {entry.Size} bytes");
            }
        }
    }

    /// <summary>Owner first: chown clears setuid, setgid and security.capability, which come after it;
    /// mtime last, since writing xattrs leaves it alone but writing content does not.</summary>
    private static void ApplyMetadata(string path, LayerEntry entry, bool isSymlink)
    {
        FileMetadata.SetOwner(path, entry.Uid, entry.Gid);
        if (!isSymlink)
        {
            FileMetadata.SetMode(path, entry.Mode);
        }

        foreach (var (name, value) in entry.Xattrs)
        {
            if (!name.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal))
            {
                LinuxFiles.SetXattr(path, name, value);
            }
        }

        FileMetadata.SetModifiedTime(path, entry.Modified);
    }
}
