namespace Hoist.Packaging.Layers;

/// <summary>
/// Verifies a tar header block's checksum. TarReader in .NET 10 does not (it does from .NET 11,
/// dotnet/runtime#117455), so a flipped bit in a header would otherwise pass unnoticed.
/// </summary>
internal static class TarChecksum
{
    private const int FieldOffset = 148;
    private const int FieldLength = 8;

    /// <summary>True when <paramref name="block"/> is 512 bytes whose checksum field holds the sum
    /// of its bytes (the field itself counted as spaces), as unsigned or, like old tars wrote it,
    /// signed bytes: tar(1) accepts both.</summary>
    internal static bool IsValid(ReadOnlySpan<byte> block)
    {
        if (block.Length != PaxHeaderWriter.BlockSize || ParseField(block.Slice(FieldOffset, FieldLength)) is not { } stored)
        {
            return false;
        }

        long unsigned = 0, signed = 0;
        for (var i = 0; i < block.Length; i++)
        {
            var b = i is >= FieldOffset and < FieldOffset + FieldLength ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        return stored == unsigned || stored == signed;
    }

    /// <summary>Octal digits, optionally surrounded by spaces and ended by NUL or space.</summary>
    private static long? ParseField(ReadOnlySpan<byte> field)
    {
        long value = 0;
        var digits = 0;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (digits > 0)
                {
                    break;
                }

                continue;
            }

            if (b is < (byte)'0' or > (byte)'7')
            {
                return null;
            }

            value = (value * 8) + (b - '0');
            digits++;
        }

        return digits > 0 ? value : null;
    }
}
