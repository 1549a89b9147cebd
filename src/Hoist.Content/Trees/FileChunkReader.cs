using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hoist.Content.Chunking;
using Hoist.Content.Interop;
using Hoist.Content.Storage;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Linux;

namespace Hoist.Content.Trees;

/// <summary>
/// Reads the files of a scan: each in one pass through a 1 MiB buffer, cutting and hashing as it
/// goes, handing every chunk to the sink. A file whose size changes while it is read is read
/// again from its start, up to <see cref="MaxRereads"/> times, or taken as read when the scan
/// accepts changing files.
/// </summary>
internal sealed class FileChunkReader(
    ContentDefinedChunker chunker,
    IChunkSink sink,
    TreeScanStatistics statistics,
    long trustedBeforeNs,
    ConcurrentDictionary<string, CachedFile> cacheable,
    bool acceptChanging)
{
    public const int MaxRereads = 3;

    /// <summary>Sets the node's chunks and status (the fstat the content was read under), or marks it
    /// vanished when the name now holds something other than a regular file. Disposes the handle.</summary>
    public async ValueTask ReadAsync(FileReadJob job, CancellationToken cancellationToken)
    {
        using var handle = job.Handle;
        await using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        for (var attempt = 0; attempt <= MaxRereads; attempt++)
        {
            var before = Nodes.FStat(handle, job.DiskPath);
            if (before.Kind != FileKind.Regular)
            {
                job.Node.Vanished = true;
                return;
            }

            stream.Seek(0, SeekOrigin.Begin);
            var chunks = new List<ChunkRef>();
            long bytes = 0;
            await foreach (var data in chunker.ReadChunksAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                var chunk = new ChunkRef(Digest.FromHash(SHA256.HashData(data.Span)), data.Length);
                await sink.AcceptAsync(chunk, data, cancellationToken).ConfigureAwait(false);
                chunks.Add(chunk);
                bytes += data.Length;
            }

            statistics.AddBytes(bytes);
            var after = Nodes.FStat(handle, job.DiskPath);
            if (bytes != before.Size || after.Size != before.Size)
            {
                if (!acceptChanging)
                {
                    continue;
                }

                // Taken as read, and read again next time: the entry's size is what the chunks hold.
                job.Node.Status = before with { Size = bytes };
                job.Node.Chunks = chunks;
                statistics.AddFile(fromCache: false);
                return;
            }

            job.Node.Status = before;
            job.Node.Chunks = chunks;
            statistics.AddFile(fromCache: false);

            // Kept for the next scan only when nothing touched the file while it was read and its
            // last change is well before this scan began (not racily clean).
            if (after.MtimeNs == before.MtimeNs && after.CtimeNs == before.CtimeNs && before.CtimeNs < trustedBeforeNs)
            {
                cacheable[job.Node.Path] = new CachedFile(before.Device, before.Inode, before.Size, before.MtimeNs, before.CtimeNs, chunks);
            }

            return;
        }

        throw HoistException.FailedPrecondition(
            $"cannot scan {job.DiskPath}: its size changed while it was read, {MaxRereads + 1} times in a row",
            "stop what writes to it (or the app), then scan again");
    }
}
