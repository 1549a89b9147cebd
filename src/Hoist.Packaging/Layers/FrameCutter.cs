namespace Hoist.Packaging.Layers;

/// <summary>
/// Finds where a layer's zstd frames end: content-defined cut points of the uncompressed tar
/// stream (a gear hash over its last 64 bytes, as zstd --rsyncable and gzip --rsyncable do), so
/// that two layers sharing a run of files cut that run at the same places and compress it into
/// the same bytes. A frame holds at least <see cref="MinSize"/> bytes, at most
/// <see cref="MaxSize"/>, and about 1 MiB on average. The gear values and the mask are part of
/// the layer format's dedup behaviour: changing them changes every layer's compressed bytes (not
/// its DiffId).
/// </summary>
internal sealed class FrameCutter
{
    public const int MinSize = 512 << 10;
    public const int MaxSize = 4 << 20;

    // 19 bits: past the minimum, a cut every 512 KiB on average.
    private const ulong Mask = ~0UL << (64 - 19);
    private const int Window = 64;

    private static readonly ulong[] Gear = CreateGear();

    private ulong _hash;

    /// <summary>Bytes in the current frame so far.</summary>
    public int Length { get; private set; }

    /// <summary>How many bytes of <paramref name="data"/> belong to the current frame: all of them
    /// (-1) when no cut point falls in them, or the count up to and including the cut point, after
    /// which <see cref="Length"/> starts again from 0.</summary>
    public int Next(ReadOnlySpan<byte> data)
    {
        var i = 0;

        // Bytes before the last window ahead of the minimum cannot decide a cut: skip them.
        var skip = Math.Min(data.Length, Math.Max(0, MinSize - Window - Length));
        i += skip;
        Length += skip;
        for (; i < data.Length; i++)
        {
            _hash = (_hash << 1) + Gear[data[i]];
            Length++;
            if ((Length >= MinSize && (_hash & Mask) == 0) || Length == MaxSize)
            {
                Length = 0;
                _hash = 0;
                return i + 1;
            }
        }

        return -1;
    }

    private static ulong[] CreateGear()
    {
        var values = new ulong[256];
        var state = 0x486F6973744C4159UL; // "HoistLAY"
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            values[i] = z ^ (z >> 31);
        }

        return values;
    }
}
