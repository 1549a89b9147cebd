using Hoist.Core.Errors;

namespace Hoist.Content.Chunking;

/// <summary>
/// The sizes a <see cref="ContentDefinedChunker"/> cuts between. Every store and every peer that
/// should share chunks must use the same values: they decide where the cut points fall.
/// </summary>
public sealed record ChunkerOptions
{
    /// <summary>The largest <see cref="MaxSize"/> allowed, and so the largest chunk a store takes.</summary>
    public const int Limit = 16 << 20;

    /// <summary>16 KiB, 64 KiB, 256 KiB: what the library, the fabric and migrations use.</summary>
    public static readonly ChunkerOptions Default = new();

    /// <summary>No chunk but the last of a stream is shorter. At least 64 bytes (the gear hash's window).</summary>
    public int MinSize { get; init; } = 16 << 10;

    /// <summary>The size chunks tend to; a power of two above <see cref="MinSize"/>.</summary>
    public int AverageSize { get; init; } = 64 << 10;

    /// <summary>No chunk is longer: a stream without a cut point is cut here. At most <see cref="Limit"/>.</summary>
    public int MaxSize { get; init; } = 256 << 10;

    /// <summary>Throws <see cref="ErrorKind.InvalidArgument"/> listing every problem at once.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (MinSize < 64)
        {
            problems.Add($"the minimum size {MinSize} is below 64 bytes");
        }

        if (AverageSize <= MinSize || !int.IsPow2(AverageSize))
        {
            problems.Add($"the average size {AverageSize} must be a power of two above the minimum {MinSize}");
        }

        if (MaxSize <= AverageSize || MaxSize > Limit)
        {
            problems.Add($"the maximum size {MaxSize} must be above the average {AverageSize} and at most {Limit}");
        }

        if (problems.Count > 0)
        {
            throw HoistException.InvalidArgument("bad chunker options: " + string.Join("; ", problems));
        }
    }
}
