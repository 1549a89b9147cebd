using Hoist.Core.Storage;

namespace Hoist.Content.Storage;

/// <summary>Where chunks come from when a blob or a tree is put back together: a store, a download.</summary>
public interface IChunkSource
{
    /// <summary>
    /// The uncompressed bytes of the chunk named <paramref name="digest"/>. Throws
    /// <see cref="Core.Errors.ErrorKind.NotFound"/> when the source does not have it. The readers in
    /// this library check the digest of what they get, so a source need not. May be called from
    /// several threads at once.
    /// </summary>
    ValueTask<byte[]> ReadAsync(Digest digest, CancellationToken cancellationToken);
}
