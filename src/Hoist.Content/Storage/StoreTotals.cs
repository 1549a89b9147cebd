namespace Hoist.Content.Storage;

/// <summary>What a <see cref="ChunkStore"/> holds: its chunks and the bytes their files take (stored form).</summary>
public sealed record StoreTotals(long Chunks, long StoredBytes);
