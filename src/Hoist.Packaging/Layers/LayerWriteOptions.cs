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
    /// (31 s against 1.5 s) for a ratio 16% better.</summary>
    public int CompressionLevel { get; init; } = DefaultCompressionLevel;

    /// <summary>The zstd worker threads, at least 1. zstd gives the same bytes for any count of 1
    /// or more, so the layer's digest does not depend on the machine that wrote it.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);
}
