using System.Globalization;
using System.Text;

namespace Hoist.Runtime.State;

/// <summary>
/// The tar blocks of a state archive's outer tar, written by hand rather than with TarWriter so
/// that their sizes are known before anything is written: a ustar header per entry, and a PAX
/// extended header in front of the layer. Every entry is a regular file with mode 0644, owner 0:0
/// and mtime 0, so the same content always gives the same bytes.
/// </summary>
internal static class TarBlocks
{
    public const int BlockSize = 512;

    /// <summary>The largest size a ustar header holds (11 octal digits); larger sizes go in a PAX record.</summary>
    public const long MaxUstarSize = 0x1FFFFFFFF;

    private const int ChecksumOffset = 148;
    private const int ChecksumLength = 8;

    /// <summary>The zero bytes that pad content to a block and end the archive (two blocks).</summary>
    public static ReadOnlyMemory<byte> Zeros { get; } = new byte[2 * BlockSize];

    /// <summary>How many zero bytes follow <paramref name="length"/> bytes of content to fill their last block.</summary>
    public static int Padding(long length) => (int)((BlockSize - (length % BlockSize)) % BlockSize);

    /// <summary><paramref name="length"/> rounded up to whole blocks.</summary>
    public static long Padded(long length) => length + Padding(length);

    /// <summary>A ustar header for a regular file (type '0') or a PAX extended header (type 'x');
    /// a <paramref name="size"/> beyond <see cref="MaxUstarSize"/> is written as 0, for a PAX record to give.</summary>
    public static byte[] Header(string name, long size, char type)
    {
        var block = new byte[BlockSize];
        Ascii(block, 0, 100, name);
        Ascii(block, 100, 8, "0000644");
        Ascii(block, 108, 8, "0000000");
        Ascii(block, 116, 8, "0000000");
        Ascii(block, 124, 12, Octal(size > MaxUstarSize ? 0 : size, 11));
        Ascii(block, 136, 12, Octal(0, 11));
        block[156] = (byte)type;
        Ascii(block, 257, 6, "ustar");
        Ascii(block, 263, 2, "00");
        Ascii(block, ChecksumOffset, ChecksumLength, Octal(Checksum(block), 6));
        block[ChecksumOffset + 7] = (byte)' ';
        return block;
    }

    /// <summary>The records of a PAX extended header that give the layer's size and fill exactly
    /// <paramref name="length"/> bytes (a multiple of the block size) with a comment, which every
    /// reader ignores: the comment's length is what places the layer where the writer put it.</summary>
    public static byte[] PaxRecords(long size, long length)
    {
        var sizeRecord = Record("size", size.ToString(CultureInfo.InvariantCulture));
        var commentLength = length - sizeRecord.Length;
        const string Keyword = " comment=";

        // A record is "LEN comment=VALUE\n", LEN counting its own digits.
        var digits = commentLength.ToString(CultureInfo.InvariantCulture).Length;
        var valueLength = commentLength - digits - Keyword.Length - 1;
        var comment = $"{commentLength.ToString(CultureInfo.InvariantCulture)}{Keyword}{new string(' ', (int)valueLength)}\n";
        var records = Encoding.ASCII.GetBytes(sizeRecord + comment);
        return records.Length == length
            ? records
            : throw new InvalidOperationException($"PAX records are {records.Length} bytes, expected {length}");
    }

    /// <summary>True when the checksum field of a header block matches its content (the unsigned
    /// sum of its bytes with the field read as spaces; the signed sum of old tars is accepted too).</summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> block)
    {
        if (block.Length != BlockSize)
        {
            return false;
        }

        var field = Encoding.ASCII.GetString(block.Slice(ChecksumOffset, ChecksumLength)).Trim(' ', '\0');
        if (field.Length == 0 || !field.All(c => c is >= '0' and <= '7'))
        {
            return false;
        }

        var stored = Convert.ToInt64(field, 8);
        long unsigned = 0, signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= ChecksumOffset and < ChecksumOffset + ChecksumLength ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }

    private static string Record(string key, string value)
    {
        var body = $" {key}={value}\n";
        var length = body.Length + 1;
        while (length.ToString(CultureInfo.InvariantCulture).Length + body.Length != length)
        {
            length++;
        }

        return length.ToString(CultureInfo.InvariantCulture) + body;
    }

    private static long Checksum(byte[] block)
    {
        long sum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            sum += i is >= ChecksumOffset and < ChecksumOffset + ChecksumLength ? (byte)' ' : block[i];
        }

        return sum;
    }

    private static string Octal(long value, int digits) => Convert.ToString(value, 8).PadLeft(digits, '0');

    private static void Ascii(byte[] block, int offset, int length, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (bytes.Length > length)
        {
            throw new InvalidOperationException($"'{text}' does not fit a {length}-byte tar header field");
        }

        bytes.CopyTo(block, offset);
    }
}
