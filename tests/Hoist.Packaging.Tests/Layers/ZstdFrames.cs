using ZstdSharp.Unsafe;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>Splits a compressed layer into its zstd frames, to see where LayerWriter cut it.</summary>
internal static class ZstdFrames
{
    /// <summary>Each frame's compressed length and declared content size, in order.</summary>
    public static unsafe List<(int Compressed, long Content)> List(byte[] layer)
    {
        var frames = new List<(int, long)>();
        fixed (byte* start = layer)
        {
            var offset = 0;
            while (offset < layer.Length)
            {
                var length = Methods.ZSTD_findFrameCompressedSize(start + offset, (nuint)(layer.Length - offset));
                Assert.False(Methods.ZSTD_isError(length), $"no zstd frame at byte {offset} of the layer");
                var content = Methods.ZSTD_getFrameContentSize(start + offset, (nuint)(layer.Length - offset));
                frames.Add(((int)length, (long)content));
                offset += (int)length;
            }
        }

        return frames;
    }
}
