using Hoist.Content.Chunking;

namespace Hoist.Content.Trees;

/// <summary>What the scan cache knows of one file: the stat it was read with, and its chunks.</summary>
internal sealed record CachedFile(ulong Device, ulong Inode, long Size, long MtimeNs, long CtimeNs, IReadOnlyList<ChunkRef> Chunks);
