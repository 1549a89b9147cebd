using Hoist.Core.Storage;

namespace Hoist.Runtime.State;

/// <summary>A state archive that was written or verified.</summary>
/// <param name="Path">The archive file.</param>
/// <param name="Digest">The archive's identity: the SHA-256 of its state.json as stored.</param>
/// <param name="Size">The archive file's size in bytes.</param>
/// <param name="Entries">The state layer's entries (files, directories, links, whiteouts, opaque markers).</param>
/// <param name="ContentBytes">The total size of the state layer's regular files.</param>
/// <param name="Metadata">state.json, with the layer and root the writer measured.</param>
public sealed record StateArchiveInfo(string Path, Digest Digest, long Size, long Entries, long ContentBytes, StateMetadata Metadata);
