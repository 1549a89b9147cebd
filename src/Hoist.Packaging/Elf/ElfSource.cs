using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Packaging.Elf;

/// <summary>
/// Positioned reads from an open ELF file in its class and byte order. Reads go through a small
/// cache of 4 KiB pages, so that walking the string table or the version tables entry by entry
/// costs a few reads and never the whole file. Any range outside the file throws
/// <see cref="ElfFormatException"/>.
/// </summary>
internal sealed class ElfSource
{
    private const int PageSize = 4096;

    // Longer names than this are not names: the read stops rather than walk a whole file.
    private const int MaxStringLength = 64 * 1024;

    private readonly SafeFileHandle _handle;
    private readonly Dictionary<long, byte[]> _pages = [];

    public ElfSource(SafeFileHandle handle)
    {
        _handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public long Length { get; }

    /// <summary>True for ELFCLASS64; set once the identification bytes are read.</summary>
    public bool Is64 { get; set; }

    /// <summary>True for ELFDATA2LSB; set once the identification bytes are read.</summary>
    public bool LittleEndian { get; set; } = true;

    /// <summary>True when [offset, offset + count) lies inside the file.</summary>
    public bool Contains(ulong offset, ulong count) => offset <= (ulong)Length && count <= (ulong)Length - offset;

    /// <summary>The bytes at [offset, offset + count), which must lie inside the file.</summary>
    public byte[] Read(ulong offset, int count, string what)
    {
        if (count < 0 || !Contains(offset, (ulong)count))
        {
            throw new ElfFormatException($"{what} lies outside the file");
        }

        var result = new byte[count];
        var done = 0;
        while (done < count)
        {
            var position = (long)offset + done;
            var page = Page(position / PageSize);
            var inPage = (int)(position % PageSize);
            var n = Math.Min(count - done, page.Length - inPage);
            page.AsSpan(inPage, n).CopyTo(result.AsSpan(done));
            done += n;
        }

        return result;
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/>, which must end before <paramref name="end"/>.</summary>
    public string ReadString(ulong offset, ulong end, string what)
    {
        end = Math.Min(end, (ulong)Length);
        var bytes = new List<byte>();
        var position = offset;
        while (position < end && bytes.Count <= MaxStringLength)
        {
            var page = Page((long)(position / PageSize));
            var inPage = (int)(position % PageSize);
            var span = page.AsSpan(inPage, (int)Math.Min((ulong)(page.Length - inPage), end - position));
            var nul = span.IndexOf((byte)0);
            if (nul >= 0)
            {
                bytes.AddRange(span[..nul]);
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.AddRange(span);
            position += (ulong)span.Length;
        }

        throw new ElfFormatException($"{what} is not a terminated string");
    }

    public ushort U16(ReadOnlySpan<byte> data, int at) =>
        LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    public uint U32(ReadOnlySpan<byte> data, int at) =>
        LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);

    public ulong U64(ReadOnlySpan<byte> data, int at) =>
        LittleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt64BigEndian(data[at..]);

    /// <summary>An address, offset or size field: 4 bytes in ELF32, 8 in ELF64.</summary>
    public ulong Word(ReadOnlySpan<byte> data, int at) => Is64 ? U64(data, at) : U32(data, at);

    private byte[] Page(long index)
    {
        if (_pages.TryGetValue(index, out var page))
        {
            return page;
        }

        var start = index * PageSize;
        page = new byte[(int)Math.Min(PageSize, Length - start)];
        var filled = 0;
        while (filled < page.Length)
        {
            var n = RandomAccess.Read(_handle, page.AsSpan(filled), start + filled);
            if (n == 0)
            {
                // The file shrank while we read it.
                throw new ElfFormatException("the file ends early");
            }

            filled += n;
        }

        _pages[index] = page;
        return page;
    }
}
