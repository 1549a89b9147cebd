using Hoist.Core.Storage;

namespace Hoist.Library.Images;

/// <summary>A tree's digest, the bytes in its regular files, and its number of entries.</summary>
public sealed record TreeSummary(Digest Digest, long Bytes, long Entries);
