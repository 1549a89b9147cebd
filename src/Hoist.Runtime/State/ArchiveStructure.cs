using System.Formats.Tar;
using Hoist.Core.Errors;
using Hoist.Packaging.Files;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Runtime.State;

/// <summary>
/// Walks the leading entries of a state archive's tar, each of which must be the regular file
/// expected at its place, checks every header block's checksum (TarReader in .NET 10 does not),
/// and finds where each entry's content lies in the file. Each failure is
/// <see cref="ErrorKind.InvalidArgument"/> with a one-line message naming the file and the bad part.
/// </summary>
internal sealed class ArchiveStructure : IDisposable
{
    private const int Block = TarBlocks.BlockSize;
    private static readonly string[] Ordinals = ["first", "second", "third"];

    private readonly string _file;
    private readonly SafeFileHandle _handle;
    private readonly TarReader _reader;
    private int _count;
    private string? _previous;
    private long _nextHeader;

    private ArchiveStructure(string file, SafeFileHandle handle, long fileSize)
    {
        _file = file;
        _handle = handle;
        FileSize = fileSize;
        _reader = new TarReader(new FileRangeStream(handle, 0, fileSize), leaveOpen: false);
    }

    public long FileSize { get; }

    /// <summary>Checks that the file starts with a tar header before anything parses it.</summary>
    public static ArchiveStructure Start(string file, SafeFileHandle handle)
    {
        var fileSize = RandomAccess.GetLength(handle);
        if (fileSize == 0)
        {
            throw NotStateArchive(file, "it is empty");
        }

        var first = new byte[Block];
        var read = RandomAccess.Read(handle, first, 0);
        if (read < Block || !TarBlocks.HasValidChecksum(first))
        {
            throw NotStateArchive(file, first.AsSpan(0, read) switch
            {
                [0x1F, 0x8B, ..] => "it is gzip-compressed, not a tar archive",
                [0x28, 0xB5, 0x2F, 0xFD, ..] => "it is zstd-compressed, not a tar archive",
                var header when header.Length == Block && header[257..262].SequenceEqual("ustar"u8) =>
                    "its first tar header does not match its checksum",
                _ => "it is not a tar archive",
            });
        }

        return new ArchiveStructure(file, handle, fileSize);
    }

    /// <summary>Reads the next entry's headers, which must describe the regular file
    /// <paramref name="name"/>, and returns where its content starts and how long it is. The content
    /// itself may be cut short: callers check with <see cref="Present"/>.</summary>
    public (long Offset, long Length) Next(string name)
    {
        var ordinal = Ordinals[_count];
        TarEntry? entry;
        try
        {
            entry = _reader.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or HoistException))
        {
            throw _count == 0
                ? NotStateArchive(_file, $"it is not a tar archive ({OneLine(e.Message)})")
                : Bad($"the tar header of {name} is truncated or corrupt ({OneLine(e.Message)})");
        }

        if (entry is null)
        {
            throw _count == 0 ? NotStateArchive(_file, "it is an empty tar archive") : Bad($"{name} is missing (the archive ends after {_previous})");
        }

        if (entry.Name != name)
        {
            throw _count == 0
                ? NotStateArchive(_file, $"the first entry is '{Show(entry.Name)}', expected {name}")
                : Bad($"the {ordinal} entry is '{Show(entry.Name)}', expected {name}");
        }

        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataOffset < Block)
        {
            throw Bad($"{name} is not a regular file in the archive");
        }

        // The entry's first header (a PAX header, when it has one) and its ustar header.
        CheckHeader(name, _nextHeader);
        CheckHeader(name, entry.DataOffset - Block);
        _count++;
        _previous = name;
        _nextHeader = entry.DataOffset + TarBlocks.Padded(entry.Length);
        return (entry.DataOffset, entry.Length);
    }

    /// <summary>How many of an entry's bytes the file holds.</summary>
    public long Present(long offset, long length) => Math.Clamp(FileSize - offset, 0, length);

    /// <summary>Reads a small entry's content whole; refuses one larger than <paramref name="limit"/> or cut short.</summary>
    public byte[] ReadContent(string name, (long Offset, long Length) entry, long limit)
    {
        if (entry.Length > limit)
        {
            throw Bad($"{name} is {entry.Length} bytes, more than the {limit} allowed");
        }

        var present = Present(entry.Offset, entry.Length);
        if (present < entry.Length)
        {
            throw Truncated(name, present, entry.Length);
        }

        var content = new byte[entry.Length];
        var done = 0;
        while (done < content.Length)
        {
            var read = RandomAccess.Read(_handle, content.AsSpan(done), entry.Offset + done);
            if (read == 0)
            {
                throw Truncated(name, done, entry.Length);
            }

            done += read;
        }

        return content;
    }

    /// <summary>True when the file goes on past the padded end of the last entry for at least the
    /// two zero blocks that end a tar archive (or for a further entry).</summary>
    public bool HasEndAfter(long offset, long length) => FileSize >= offset + TarBlocks.Padded(length) + (2 * Block);

    public HoistException Truncated(string name, long present, long length) =>
        Bad($"{name} is truncated ({present} of {length} bytes present)");

    public HoistException Bad(string problem) => HoistException.InvalidArgument($"{_file}: {problem}");

    public void Dispose() => _reader.Dispose();

    private static HoistException NotStateArchive(string file, string why) =>
        HoistException.InvalidArgument($"{file} is not a Hoist state archive: {why}");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Show(string name) => new([.. name.Select(c => char.IsControl(c) ? '?' : c)]);

    private void CheckHeader(string name, long offset)
    {
        var header = new byte[Block];
        if (RandomAccess.Read(_handle, header, offset) != Block || !TarBlocks.HasValidChecksum(header))
        {
            throw Bad($"the tar header of {name} does not match its checksum");
        }
    }
}
