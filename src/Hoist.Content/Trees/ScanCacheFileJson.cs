using Hoist.Content.Recipes;

namespace Hoist.Content.Trees;

/// <summary>One file of a saved <see cref="TreeScanCache"/>.</summary>
internal sealed class ScanCacheFileJson
{
    public ulong Device { get; set; }

    public ulong Inode { get; set; }

    public long Size { get; set; }

    public long MtimeNs { get; set; }

    public long CtimeNs { get; set; }

    public List<ChunkRefJson>? Chunks { get; set; }
}
