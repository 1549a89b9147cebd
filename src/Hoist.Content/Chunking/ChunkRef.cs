using Hoist.Core.Storage;

namespace Hoist.Content.Chunking;

/// <summary>One chunk of a blob or file: the SHA-256 of its uncompressed bytes, and how many there are.</summary>
public sealed record ChunkRef(Digest Digest, int Size);
