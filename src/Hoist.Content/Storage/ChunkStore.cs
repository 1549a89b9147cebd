using System.Security.Cryptography;
using Hoist.Content.Chunking;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Linux;

namespace Hoist.Content.Storage;

/// <summary>
/// Chunks in a directory, one file per chunk in its stored form (<see cref="ChunkCodec"/>):
/// ROOT/sha256/XX/HEX, XX being the first two hex digits. A chunk is written to a temporary file
/// under ROOT/tmp, flushed to disk (fsync), then given its name with link(2), which is atomic like
/// rename(2) but never replaces, so that a name never holds half a chunk, even after a crash, and
/// of two puts of one chunk exactly one names it; files are read-only once named. Every read checks the digest.
/// Safe for many threads and for several processes on one directory: a put of a chunk that another
/// is putting at the same time stores it once, and exactly one of them returns true. Removing
/// chunks while others may still need them (garbage collection) is the caller's to coordinate.
/// </summary>
public sealed class ChunkStore : IChunkSource, IChunkSink
{
    private const int EEXIST = 17;
    private const string Algorithm = "sha256";

    private readonly string _chunks;
    private readonly string _temporary;

    /// <summary>Opens the store in <paramref name="root"/>, creating its directories if needed. With
    /// <paramref name="syncEachChunk"/> false, a put does not wait for its chunk to reach the disk (an
    /// fsync costs about 1.4 ms here, which made a store fill at 48 MB/s): the caller calls
    /// <see cref="SyncToDisk"/> once a batch is in, before it tells anyone the chunks are kept. Reads
    /// verify every chunk either way, so a chunk torn by a crash is never taken for good.</summary>
    public ChunkStore(string root, bool syncEachChunk = true)
    {
        SyncEachChunk = syncEachChunk;
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _chunks = Path.Join(Root, Algorithm);
        _temporary = Path.Join(Root, "tmp");
        Directory.CreateDirectory(_chunks);
        Directory.CreateDirectory(_temporary);
    }

    public string Root { get; }

    /// <summary>Whether each put waits for its chunk to reach the disk (see the constructor).</summary>
    public bool SyncEachChunk { get; }

    /// <summary>The file that holds (or would hold) the chunk.</summary>
    public string PathOf(Digest digest) => Path.Join(_chunks, digest.Hex[..2], digest.Hex);

    public bool Contains(Digest digest) => File.Exists(PathOf(digest));

    /// <summary>The digests of <paramref name="digests"/> that the store lacks, each once, in the order given.</summary>
    public IReadOnlyList<Digest> Missing(IEnumerable<Digest> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var seen = new HashSet<Digest>();
        return [.. digests.Where(d => seen.Add(d) && !Contains(d))];
    }

    /// <summary>
    /// Stores a chunk given uncompressed. Returns false when the store had it already (nothing is
    /// written), true when this call stored it. Throws <see cref="ErrorKind.InvalidArgument"/>
    /// naming the digest when <paramref name="uncompressed"/> does not hash to it.
    /// </summary>
    public async Task<bool> PutAsync(Digest digest, ReadOnlyMemory<byte> uncompressed, CancellationToken cancellationToken)
    {
        if (Contains(digest))
        {
            return false;
        }

        Verify(digest, uncompressed.Span, "the data given");
        return await WriteAsync(digest, ChunkCodec.Encode(uncompressed.Span), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a chunk given in its stored form (as it comes off the wire): decodes it and checks
    /// its digest first, then keeps the bytes as given. Returns false when the store had it
    /// already. Throws <see cref="ErrorKind.InvalidArgument"/> naming the digest when the stored
    /// form does not decode or does not hash to it; nothing is kept then.
    /// </summary>
    public async Task<bool> PutStoredAsync(Digest digest, ReadOnlyMemory<byte> stored, CancellationToken cancellationToken)
    {
        byte[] data;
        try
        {
            data = ChunkCodec.Decode(stored.Span);
        }
        catch (HoistException e)
        {
            throw HoistException.InvalidArgument($"chunk {digest} was refused: {e.Message}");
        }

        Verify(digest, data, "the data given");
        return !Contains(digest) && await WriteAsync(digest, stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The uncompressed bytes of a chunk, checked against its digest. Throws
    /// <see cref="ErrorKind.NotFound"/> when the store lacks it, and
    /// <see cref="ErrorKind.FailedPrecondition"/> naming the file when the file does not decode or
    /// hash to its name (the disk damaged it: delete the file, and put or fetch the chunk again).
    /// </summary>
    public async Task<byte[]> ReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        var stored = await ReadFileAsync(digest, cancellationToken).ConfigureAwait(false);
        return Decode(digest, stored);
    }

    /// <summary>The stored form of a chunk, to send as it is; checked as <see cref="ReadAsync"/>
    /// checks it, and throwing as it does.</summary>
    public async Task<byte[]> ReadStoredAsync(Digest digest, CancellationToken cancellationToken)
    {
        var stored = await ReadFileAsync(digest, cancellationToken).ConfigureAwait(false);
        Decode(digest, stored);
        return stored;
    }

    /// <summary>The size of the chunk's file. Throws <see cref="ErrorKind.NotFound"/> when the store lacks it.</summary>
    public long StoredSize(Digest digest)
    {
        var info = new FileInfo(PathOf(digest));
        return info.Exists ? info.Length : throw NotFound(digest);
    }

    /// <summary>Every chunk in the store, in no particular order. Files that are not chunks are ignored.</summary>
    public IEnumerable<Digest> List() => ChunkFiles().Select(f => f.Digest);

    /// <summary>Removes a chunk; false when the store did not have it.</summary>
    public bool Delete(Digest digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>The chunk count and the bytes of their files, counted now.</summary>
    public StoreTotals Totals()
    {
        long chunks = 0, bytes = 0;
        foreach (var (_, file) in ChunkFiles())
        {
            chunks++;
            bytes += file.Length;
        }

        return new StoreTotals(chunks, bytes);
    }

    /// <summary>Makes the names of the chunks put so far durable too (each chunk's bytes are flushed
    /// as it is put; its name, a directory entry, may not be until this, syncfs of the store's
    /// filesystem, returns). Call it before recording anything that refers to new chunks.</summary>
    public void SyncToDisk() => Interop.Nodes.SyncFilesystem(Root);

    /// <summary>Removes temporary files that a process killed while putting a chunk left behind,
    /// those older than <paramref name="age"/> (puts in flight are younger); returns how many.</summary>
    public int RemoveStaleTemporaryFiles(TimeSpan age)
    {
        var removed = 0;
        var before = DateTime.UtcNow - age;
        foreach (var file in new DirectoryInfo(_temporary).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < before)
            {
                file.Delete();
                removed++;
            }
        }

        return removed;
    }

    async ValueTask<byte[]> IChunkSource.ReadAsync(Digest digest, CancellationToken cancellationToken) =>
        await ReadAsync(digest, cancellationToken).ConfigureAwait(false);

    /// <summary>As a sink: stores the chunk (<see cref="PutAsync"/>), and throws as it does.</summary>
    public async ValueTask AcceptAsync(ChunkRef chunk, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        await PutAsync(chunk.Digest, data, cancellationToken).ConfigureAwait(false);

    private async Task<bool> WriteAsync(Digest digest, ReadOnlyMemory<byte> stored, CancellationToken cancellationToken)
    {
        var temporary = Path.Join(_temporary, $"{digest.Hex}.{Guid.NewGuid():n}");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await using (var file = new FileStream(temporary, options))
            {
                await file.WriteAsync(stored, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: SyncEachChunk);
            }

            return Link(digest, temporary);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // link(2) fails when the name exists: of two puts of one chunk, exactly one links it.
    private bool Link(Digest digest, string temporary)
    {
        var path = PathOf(digest);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                FileMetadata.CreateHardLink(temporary, path);
                return true;
            }
            catch (LinuxException e) when (e.Errno == EEXIST)
            {
                return false;
            }
            catch (LinuxException e) when (e.Errno == Errno.ENOENT && attempt == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            }
        }
    }

    private async Task<byte[]> ReadFileAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(digest), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(digest);
        }
    }

    private byte[] Decode(Digest digest, byte[] stored)
    {
        byte[] data;
        try
        {
            data = ChunkCodec.Decode(stored);
        }
        catch (HoistException e)
        {
            throw Damaged(digest, e.Message);
        }

        if (!Hashes(digest, data))
        {
            throw Damaged(digest, $"its content hashes to {Digest.Of(data)}");
        }

        return data;
    }

    private static void Verify(Digest digest, ReadOnlySpan<byte> data, string what)
    {
        if (!Hashes(digest, data))
        {
            throw HoistException.InvalidArgument($"chunk {digest} was refused: {what} ({data.Length} bytes) hashes to {Digest.Of(data)}");
        }
    }

    private static bool Hashes(Digest digest, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash) == digest.Hex;
    }

    private IEnumerable<(Digest Digest, FileInfo File)> ChunkFiles()
    {
        foreach (var directory in new DirectoryInfo(_chunks).EnumerateDirectories())
        {
            foreach (var file in directory.EnumerateFiles())
            {
                if (Digest.TryParse($"{Algorithm}:{file.Name}", out var digest) && digest.Hex.StartsWith(directory.Name, StringComparison.Ordinal) && directory.Name.Length == 2)
                {
                    yield return (digest, file);
                }
            }
        }
    }

    private HoistException NotFound(Digest digest) =>
        HoistException.NotFound($"chunk {digest} is not in the store {Root}");

    private HoistException Damaged(Digest digest, string problem) => HoistException.FailedPrecondition(
        $"chunk {digest} in the store is damaged ({PathOf(digest)}): {problem}",
        "delete that file, then put or fetch the chunk again");
}
