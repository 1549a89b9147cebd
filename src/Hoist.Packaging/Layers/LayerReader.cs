using System.Formats.Tar;
using Hoist.Core.Errors;
using ZstdSharp;

namespace Hoist.Packaging.Layers;

/// <summary>Reads a package's file layer entry by entry, refusing anything that could reach
/// outside the directory it is extracted to.</summary>
public static class LayerReader
{
    /// <summary>
    /// Decompresses and parses <paramref name="compressedLayer"/> (zstd over tar), maps ".wh."
    /// files back to <see cref="LayerEntryKind.Whiteout"/> and <see cref="LayerEntryKind.Opaque"/>
    /// entries, checks each entry against the rules of <see cref="LayerRules"/> and the entry types
    /// a layer may hold, and only then calls <paramref name="onEntry"/> with it. The content stream
    /// is given for <see cref="LayerEntryKind.File"/> entries only (null otherwise), is valid until
    /// the callback returns, and need not be read to the end. The whole stream is read, so the
    /// returned DiffId covers every byte.
    /// Throws <see cref="ErrorKind.InvalidArgument"/> "layer entry 'NAME': PROBLEM" for a refused
    /// entry, and "layer is truncated or corrupt: ..." when the zstd or tar stream cannot be decoded,
    /// stops early, or has data after its end-of-archive marker. Exceptions thrown by
    /// <paramref name="onEntry"/> pass through unchanged. <paramref name="compressedLayer"/> is
    /// left open.
    /// </summary>
    public static async Task<LayerSummary> ReadAsync(
        Stream compressedLayer,
        Func<LayerEntry, Stream?, CancellationToken, ValueTask> onEntry,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compressedLayer);
        ArgumentNullException.ThrowIfNull(onEntry);

        using var zstd = new DecompressionStream(compressedLayer, bufferSize: 0, checkEndOfStream: true, leaveOpen: true);
        using var input = new TarInputTracker(zstd);
        using var tar = new TarReader(input, leaveOpen: true);
        var rules = new LayerRules();
        long entries = 0, contentBytes = 0, whiteouts = 0, endOfLastEntry = 0;
        while (await NextAsync(tar, cancellationToken).ConfigureAwait(false) is { } tarEntry)
        {
            // TarReader reads a global PAX header's content along with it (the mapper refuses
            // those); for every other entry the last block read is its header.
            if (tarEntry.EntryType != TarEntryType.GlobalExtendedAttributes && !TarChecksum.IsValid(input.LastBlock))
            {
                throw LayerErrors.Corrupt($"the header of entry '{LayerPaths.Show(tarEntry.Name)}' does not match its checksum");
            }

            var entry = TarEntryMapper.ToLayerEntry(tarEntry);
            rules.Check(entry, tarEntry.Name);

            // TarReader has read the headers and none of the content: the content ends here.
            endOfLastEntry = input.Position + tarEntry.Length + PaxHeaderWriter.Padding(tarEntry.Length);
            var content = entry.Kind == LayerEntryKind.File ? tarEntry.DataStream ?? Stream.Null : null;
            await onEntry(entry, content, cancellationToken).ConfigureAwait(false);
            entries++;
            contentBytes += entry.Kind == LayerEntryKind.File ? entry.Size : 0;
            whiteouts += entry.Kind == LayerEntryKind.Whiteout ? 1 : 0;
        }

        await input.DrainAsync(cancellationToken).ConfigureAwait(false);
        CheckEnd(input, endOfLastEntry);
        return new LayerSummary(entries, contentBytes, whiteouts, input.CurrentDigest(), input.Position);
    }

    private static async Task<TarEntry?> NextAsync(TarReader tar, CancellationToken cancellationToken)
    {
        try
        {
            return await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or HoistException))
        {
            // TarReader reports a malformed archive with several exception types
            // (InvalidDataException, EndOfStreamException, FormatException, ...): all mean bad input.
            throw LayerErrors.Corrupt(e.Message, e);
        }
    }

    /// <summary>A tar archive ends with two zero blocks. Without them the archive was cut at an
    /// entry boundary; with non-zero data after them, something follows that TarReader ignored.</summary>
    private static void CheckEnd(TarInputTracker input, long endOfLastEntry)
    {
        if (input.EndOfData > endOfLastEntry)
        {
            throw LayerErrors.Corrupt($"there is data after the end-of-archive marker, at byte {endOfLastEntry} of the tar stream");
        }

        if (input.Position - endOfLastEntry < 2 * PaxHeaderWriter.BlockSize)
        {
            throw LayerErrors.Corrupt($"the tar stream ends at byte {input.Position} without its end-of-archive marker");
        }
    }
}
