using Hoist.Content.Interop;
using Hoist.Linux;

namespace Hoist.Content.Trees;

/// <summary>Sets a file's owner, mode, xattrs and mtime from its entry, never through a symlink.</summary>
internal static class NodeMetadata
{
    /// <summary>
    /// Owner first (changing it clears setuid, setgid and security.capability), then the mode
    /// (never on a symlink: Linux has none to set), then the xattrs (those the entry lacks are
    /// removed, every one it has is set), then the mtime (which none of the others touches).
    /// </summary>
    public static void Apply(string path, TreeEntry entry)
    {
        FileMetadata.SetOwner(path, entry.Uid, entry.Gid);
        if (entry.Kind != TreeEntryKind.Symlink)
        {
            Nodes.SetMode(path, entry.Mode);
        }

        foreach (var name in LinuxFiles.ListXattrs(path).Keys)
        {
            if (!entry.Xattrs.ContainsKey(name))
            {
                Nodes.RemoveXattr(path, name);
            }
        }

        foreach (var (name, value) in entry.Xattrs)
        {
            LinuxFiles.SetXattr(path, name, value);
        }

        Nodes.SetModifiedTime(path, entry.MtimeNs);
    }
}
