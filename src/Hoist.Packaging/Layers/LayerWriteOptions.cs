using ZstdSharp;

namespace Hoist.Packaging.Layers;

/// <summary>How <see cref="LayerWriter"/> compresses a layer.</summary>
public sealed record LayerWriteOptions
{
    public const int DefaultCompressionLevel = 9;

    public static readonly LayerWriteOptions Default = new();

    /// <summary>The zstd level, from <see cref="Compressor.MinCompressionLevel"/> to
    /// <see cref="Compressor.MaxCompressionLevel"/> (22); 0 means zstd's default (3). Measured
    /// on a 20 MB tree (10 MB of shared libraries, 10 MB of Perl modules, 557 files), 2 cores,
    /// 2 workers, beside native tar | zstd in the same run, ratio = tar bytes / compressed bytes:
    /// level 3 134 ms, ratio 3.15 (native 110 ms); level 9 409 ms, ratio 3.46 (native zstd -9 -T2
    /// 450 ms, ratio 3.44). On 117 MB of libraries, level 19 took 20 times as long as level 9
    /// (31 s against 1.5 s) for a ratio 16% better. Those figures are of one zstd frame; cut into
    /// frames of about 1 MiB (see <see cref="LayerWriter"/>), 33 MB of libraries and Perl modules
    /// compress 3.5% less at level 9 (ratio 3.31 against 3.43 as one frame) and 1.6% less at
    /// level 3 (3.08 against 3.13), measured on this 2-core machine.</summary>
    public int CompressionLevel { get; init; } = DefaultCompressionLevel;

    /// <summary>How many of the layer's zstd frames are compressed at once (at most 16 are held in
    /// memory), at least 1. Each frame depends only on its own bytes, so the layer's digest does
    /// not depend on this count nor on the machine that wrote it.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);
}
