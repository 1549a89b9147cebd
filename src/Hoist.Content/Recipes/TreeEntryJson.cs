namespace Hoist.Content.Recipes;

/// <summary>A <see cref="Trees.TreeEntry"/> as written: the kind by name, xattr values in base64.</summary>
internal sealed class TreeEntryJson
{
    public string? Path { get; set; }

    public string? Kind { get; set; }

    public uint Mode { get; set; }

    public uint Uid { get; set; }

    public uint Gid { get; set; }

    public long MtimeNs { get; set; }

    public long Size { get; set; }

    public string? Link { get; set; }

    public uint Major { get; set; }

    public uint Minor { get; set; }

    /// <summary>Name to base64 value, in ordinal order of name.</summary>
    public SortedDictionary<string, string>? Xattrs { get; set; }

    public List<ChunkRefJson>? Chunks { get; set; }
}
