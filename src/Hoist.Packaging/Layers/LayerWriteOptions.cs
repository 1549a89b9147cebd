using ZstdSharp;

namespace Hoist.Packaging.Layers;

/// <summary>How <see cref="LayerWriter"/> compresses a layer.</summary>
public sealed record LayerWriteOptions
{
    public const int DefaultCompressionLevel = 9;

    public static readonly LayerWriteOptions Default = new();

    /// <summary>The zstd level, from <see cref="Compressor.MinCompressionLevel"/> to
    /// <see cref="Compressor.MaxCompressionLevel"/> (22). Measured on 20 MB of text-like data on
    /// 2 cores: level 3 ratio 4.05 in 160 ms, level 9 ratio 4.37 in 450 ms.</summary>
    public int CompressionLevel { get; init; } = DefaultCompressionLevel;

    /// <summary>The zstd worker threads, at least 1. zstd gives the same bytes for any count of 1
    /// or more, so the layer's digest does not depend on the machine that wrote it.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);
}
