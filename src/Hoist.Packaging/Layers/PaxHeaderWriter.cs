using System.Globalization;
using System.Text;

namespace Hoist.Packaging.Layers;

/// <summary>
/// Encodes the headers of one PAX tar entry: an extended header ('x') with its records, then the
/// ustar header. System.Formats.Tar's TarWriter names each extended header "PaxHeaders.PID", so
/// its output depends on the writing process; a layer's digest must depend only on its content,
/// so the layer writer encodes headers here and the reader still parses with TarReader.
/// </summary>
internal static class PaxHeaderWriter
{
    internal const int BlockSize = 512;

    /// <summary>The PAX record prefix for an extended attribute, as libarchive writes it; the value is base64.</summary>
    internal const string XattrPrefix = "LIBARCHIVE.xattr.";

    private const long MaxOctal7 = 0x1FFFFF; // 07777777
    private const long MaxOctal11 = 0x1FFFFFFFF; // 077777777777

    /// <summary>Both header blocks and the records for one entry; the caller writes the content
    /// and <see cref="Padding"/> after them.</summary>
    internal static byte[] Encode(string name, byte typeFlag, LayerEntry entry, long size, string? linkName)
    {
        var records = new MemoryStream();
        if (!FitsUstar(name))
        {
            AddRecord(records, "path", name);
        }

        if (linkName is not null && !FitsUstar(linkName))
        {
            AddRecord(records, "linkpath", linkName);
        }

        if (size > MaxOctal11)
        {
            AddRecord(records, "size", size.ToString(CultureInfo.InvariantCulture));
        }

        if (entry.Uid > MaxOctal7)
        {
            AddRecord(records, "uid", entry.Uid.ToString(CultureInfo.InvariantCulture));
        }

        if (entry.Gid > MaxOctal7)
        {
            AddRecord(records, "gid", entry.Gid.ToString(CultureInfo.InvariantCulture));
        }

        AddRecord(records, "mtime", FormatTime(entry.Modified));
        foreach (var (xattr, value) in entry.Xattrs.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            AddRecord(records, XattrPrefix + xattr, Convert.ToBase64String(value));
        }

        var recordBytes = records.ToArray();
        var output = new byte[BlockSize + Padded(recordBytes.Length) + BlockSize];
        WriteUstar(output.AsSpan(0, BlockSize), "PaxHeader", (byte)'x', 0x1A4, 0, 0, recordBytes.Length, 0, null);
        recordBytes.CopyTo(output, BlockSize);
        var seconds = Math.Clamp(UnixSeconds(entry.Modified), 0, MaxOctal11);
        WriteUstar(output.AsSpan(output.Length - BlockSize), name, typeFlag, entry.Mode,
            entry.Uid > MaxOctal7 ? 0 : entry.Uid, entry.Gid > MaxOctal7 ? 0 : entry.Gid,
            size > MaxOctal11 ? 0 : size, seconds, linkName);
        return output;
    }

    /// <summary>The zero bytes that fill the last block of <paramref name="length"/> bytes of content.</summary>
    internal static int Padding(long length) => (int)(Padded(length) - length);

    /// <summary>The PAX "mtime" value: decimal seconds since 1970 with up to 7 fraction digits.</summary>
    internal static string FormatTime(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var sign = ticks < 0 ? "-" : string.Empty;
        var magnitude = (ulong)Math.Abs(ticks);
        var seconds = magnitude / TimeSpan.TicksPerSecond;
        var fraction = magnitude % TimeSpan.TicksPerSecond;
        var text = sign + seconds.ToString(CultureInfo.InvariantCulture);
        return fraction == 0 ? text : text + "." + fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    private static long Padded(long length) => (length + BlockSize - 1) / BlockSize * BlockSize;

    private static long UnixSeconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        return ticks % TimeSpan.TicksPerSecond < 0 ? seconds - 1 : seconds;
    }

    private static bool FitsUstar(string text) => text.Length <= 100 && text.All(char.IsAscii);

    /// <summary>Appends "LEN KEY=VALUE\n", where LEN counts the whole record, its own digits included.</summary>
    private static void AddRecord(MemoryStream records, string key, string value)
    {
        var body = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3; // ' ', '=', '\n'
        var length = body + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + body != length)
        {
            length++;
        }

        records.Write(Encoding.UTF8.GetBytes($"{length.ToString(CultureInfo.InvariantCulture)} {key}={value}\n"));
    }

    private static void WriteUstar(Span<byte> block, string name, byte typeFlag, uint mode, uint uid, uint gid, long size, long mtime, string? linkName)
    {
        block.Clear();
        WriteText(block[..100], name);
        WriteOctal(block.Slice(100, 8), mode);
        WriteOctal(block.Slice(108, 8), uid);
        WriteOctal(block.Slice(116, 8), gid);
        WriteOctal(block.Slice(124, 12), size);
        WriteOctal(block.Slice(136, 12), mtime);
        block[156] = typeFlag;
        WriteText(block.Slice(157, 100), linkName ?? string.Empty);
        "ustar\0"u8.CopyTo(block[257..]);
        "00"u8.CopyTo(block[263..]);

        // The checksum is the sum of the header's bytes with the checksum field read as spaces.
        block.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in block)
        {
            sum += b;
        }

        WriteOctal(block.Slice(148, 7), sum);
        block[155] = (byte)' ';
    }

    /// <summary>ASCII text, cut to the field; a long or non-ASCII name is also in a PAX record.</summary>
    private static void WriteText(Span<byte> field, string text)
    {
        for (var i = 0; i < Math.Min(field.Length, text.Length); i++)
        {
            field[i] = char.IsAscii(text[i]) ? (byte)text[i] : (byte)'_';
        }
    }

    /// <summary>Zero-padded octal digits followed by NUL, filling the field.</summary>
    private static void WriteOctal(Span<byte> field, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        Encoding.ASCII.GetBytes(digits, field);
        field[^1] = 0;
    }
}
