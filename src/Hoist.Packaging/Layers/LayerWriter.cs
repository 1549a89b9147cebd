using System.Buffers;
using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Packaging.Manifests;
using ZstdSharp;

namespace Hoist.Packaging.Layers;

/// <summary>Writes a package's file layer: a PAX tar stream compressed with zstd, as a series of
/// independent frames cut where the tar's own bytes say (see <see cref="FrameCutter"/>).</summary>
public static class LayerWriter
{
    private const int CopyBufferSize = 1 << 20;
    private static readonly byte[] EndOfArchive = new byte[2 * PaxHeaderWriter.BlockSize];

    /// <summary>
    /// Writes <paramref name="entries"/>, in the given order, as a PAX tar compressed with zstd into
    /// <paramref name="destination"/>, and returns the layer's digests and counts. The compressed
    /// stream is a concatenation of independent zstd frames (each with its checksum), each ending
    /// at a content-defined cut point of the tar stream (512 KiB to 4 MiB, about 1 MiB), the way
    /// zstd --rsyncable works: two layers that share a run of files share the compressed bytes of
    /// that run, which a content-defined chunk store then stores and sends once. Any zstd reader
    /// (zstd -d, tar --zstd, <see cref="LayerReader"/>) reads the frames as one stream. A whiteout
    /// "etc/foo" becomes the empty file "etc/.wh.foo", an opaque directory "x" the empty file
    /// "x/.wh..wh..opq" (OCI layer conventions). Headers carry uid, gid, mode and a PAX mtime to
    /// 100 ns, no user or group names and no atime or ctime; xattrs are PAX records
    /// LIBARCHIVE.xattr.NAME holding the value in base64. The same entries, file contents and
    /// compression level give the same bytes, whatever the worker count (workers compress frames in
    /// parallel; each frame depends only on its bytes) and whichever process writes them.
    /// Progress is reported as content bytes written of the total.
    /// Every entry is checked before anything is written: an entry that <see cref="LayerReader"/>
    /// would refuse throws <see cref="ErrorKind.InvalidArgument"/>; so do bad options and a source
    /// file whose size differs from its entry's. A missing source file throws
    /// <see cref="ErrorKind.NotFound"/>. After a failure, <paramref name="destination"/> holds a
    /// partial layer that the caller discards; it is never closed here.
    /// </summary>
    public static async Task<LayerInfo> WriteAsync(
        IReadOnlyList<LayerEntry> entries,
        Stream destination,
        LayerWriteOptions options,
        IProgressReporter? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        CheckEntries(entries);
        progress ??= NullProgress.Instance;

        var counts = new Counts(entries.Where(e => e.Kind == LayerEntryKind.File).Sum(e => e.Size));
        await using var compressed = new DigestingStream(destination, leaveOpen: true);
        Digest diffId;
        long uncompressedSize;
        var zstd = new RsyncableZstdStream(compressed, options.CompressionLevel, options.Workers);
        await using (zstd.ConfigureAwait(false))
        {
            using var tar = new DigestingStream(zstd, leaveOpen: true);
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteEntryAsync(tar, entry, counts, progress, cancellationToken).ConfigureAwait(false);
            }

            await tar.WriteAsync(EndOfArchive, cancellationToken).ConfigureAwait(false);
            await zstd.CompleteAsync(cancellationToken).ConfigureAwait(false);
            diffId = tar.CurrentDigest();
            uncompressedSize = tar.BytesWritten;
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new LayerInfo
        {
            Digest = compressed.CurrentDigest().ToString(),
            Size = compressed.BytesWritten,
            DiffId = diffId.ToString(),
            UncompressedSize = uncompressedSize,
            Entries = entries.Count,
            ContentBytes = counts.Total,
            Whiteouts = entries.Count(e => e.Kind == LayerEntryKind.Whiteout),
        };
    }

    private static void CheckOptions(LayerWriteOptions options)
    {
        if (options.CompressionLevel < Compressor.MinCompressionLevel || options.CompressionLevel > Compressor.MaxCompressionLevel)
        {
            throw HoistException.InvalidArgument(
                $"compression level {options.CompressionLevel} is out of range ({Compressor.MinCompressionLevel} to {Compressor.MaxCompressionLevel})");
        }

        if (options.Workers is < 1 or > 256)
        {
            throw HoistException.InvalidArgument($"compression workers {options.Workers} is out of range (1 to 256)");
        }
    }

    private static void CheckEntries(IReadOnlyList<LayerEntry> entries)
    {
        var rules = new LayerRules();
        foreach (var entry in entries)
        {
            rules.Check(entry);
            if (entry.Kind == LayerEntryKind.File && string.IsNullOrEmpty(entry.SourcePath))
            {
                throw HoistException.InvalidArgument($"layer entry '{LayerPaths.Show(entry.Path)}': a file entry needs a source path");
            }
        }
    }

    private static async Task WriteEntryAsync(Stream tar, LayerEntry entry, Counts counts, IProgressReporter progress, CancellationToken cancellationToken)
    {
        (string Name, byte Type, string? Link) header = entry.Kind switch
        {
            LayerEntryKind.Directory => (entry.Path, (byte)'5', null),
            LayerEntryKind.Symlink => (entry.Path, (byte)'2', entry.LinkTarget),
            LayerEntryKind.HardLink => (entry.Path, (byte)'1', entry.LinkTarget),
            LayerEntryKind.Whiteout => (WhiteoutName(entry.Path), (byte)'0', null),
            LayerEntryKind.Opaque => (LayerPaths.Join(entry.Path, LayerPaths.OpaqueMarker), (byte)'0', null),
            _ => (entry.Path, (byte)'0', null),
        };

        if (entry.Kind != LayerEntryKind.File)
        {
            await tar.WriteAsync(PaxHeaderWriter.Encode(header.Name, header.Type, entry, 0, header.Link), cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var source = OpenSource(entry);
        if (source.Length != entry.Size)
        {
            throw HoistException.InvalidArgument(
                $"layer entry '{LayerPaths.Show(entry.Path)}': {entry.SourcePath} is {source.Length} bytes, the entry says {entry.Size} (did it change?)");
        }

        await tar.WriteAsync(PaxHeaderWriter.Encode(header.Name, header.Type, entry, entry.Size, null), cancellationToken).ConfigureAwait(false);
        await CopyContentAsync(source, tar, entry, counts, progress, cancellationToken).ConfigureAwait(false);
        await tar.WriteAsync(EndOfArchive.AsMemory(0, PaxHeaderWriter.Padding(entry.Size)), cancellationToken).ConfigureAwait(false);
    }

    private static string WhiteoutName(string path) =>
        LayerPaths.Join(LayerPaths.Parent(path), LayerPaths.WhiteoutPrefix + LayerPaths.Name(path));

    private static FileStream OpenSource(LayerEntry entry)
    {
        try
        {
            return new FileStream(entry.SourcePath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw HoistException.NotFound($"layer entry '{LayerPaths.Show(entry.Path)}': source file {entry.SourcePath} does not exist");
        }
    }

    /// <summary>Copies exactly the entry's size: the header already announced it.</summary>
    private static async Task CopyContentAsync(FileStream source, Stream tar, LayerEntry entry, Counts counts, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var remaining = entry.Size;
            while (remaining > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw HoistException.InvalidArgument(
                        $"layer entry '{LayerPaths.Show(entry.Path)}': {entry.SourcePath} shrank to {entry.Size - remaining} bytes while being written");
                }

                await tar.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
                counts.Done += read;
                progress.Advance(counts.Done, counts.Total);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (entry.Size == 0)
        {
            progress.Advance(counts.Done, counts.Total);
        }
    }

    private sealed class Counts(long total)
    {
        public long Total { get; } = total;

        public long Done { get; set; }
    }
}
