using Hoist.Core.Storage;

namespace Hoist.Packaging.Layers;

/// <summary>What a layer held, counted the way <see cref="LayerWriter"/> counts it into
/// <see cref="Manifests.LayerInfo"/>.</summary>
/// <param name="Entries">Every entry, whiteouts and opaque markers included.</param>
/// <param name="ContentBytes">The total size of the regular files.</param>
/// <param name="Whiteouts">The whiteout entries (opaque markers not counted).</param>
/// <param name="DiffId">The SHA-256 of the uncompressed tar stream.</param>
/// <param name="UncompressedSize">The size of the uncompressed tar stream.</param>
public sealed record LayerSummary(long Entries, long ContentBytes, long Whiteouts, Digest DiffId, long UncompressedSize);
