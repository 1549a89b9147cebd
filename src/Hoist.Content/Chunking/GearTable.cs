namespace Hoist.Content.Chunking;

/// <summary>
/// The 256 random 64-bit values of the gear hash, one per byte value. They are part of the chunk
/// format: other values would put the cut points elsewhere, and nothing chunked before would be
/// shared with what is chunked after. So they come from a fixed generator (splitmix64 from a fixed
/// seed), never from a random source.
/// </summary>
internal static class GearTable
{
    private const ulong Seed = 0x486F6973742D4344; // "Hoist-CD"

    /// <summary>gear[b]: what byte b adds to the hash.</summary>
    public static readonly ulong[] Values = Create(0);

    /// <summary>gear[b] &lt;&lt; 1: lets the chunker roll two bytes per step.</summary>
    public static readonly ulong[] Shifted = Create(1);

    private static ulong[] Create(int shift)
    {
        var values = new ulong[256];
        var state = Seed;
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            values[i] = (z ^ (z >> 31)) << shift;
        }

        return values;
    }
}
