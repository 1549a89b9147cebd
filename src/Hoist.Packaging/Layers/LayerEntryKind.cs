namespace Hoist.Packaging.Layers;

/// <summary>What a <see cref="LayerEntry"/> puts in the layer.</summary>
public enum LayerEntryKind
{
    /// <summary>A directory, with its own metadata.</summary>
    Directory,

    /// <summary>A regular file with content.</summary>
    File,

    /// <summary>A symbolic link; <see cref="LayerEntry.LinkTarget"/> is its target.</summary>
    Symlink,

    /// <summary>Another name for an earlier <see cref="File"/> entry, whose path is <see cref="LayerEntry.LinkTarget"/>.</summary>
    HardLink,

    /// <summary>A path deleted from the image below: hidden when the layer is mounted over it.</summary>
    Whiteout,

    /// <summary>A directory whose contents in the image below are hidden: only this layer's entries under it show.</summary>
    Opaque,
}
