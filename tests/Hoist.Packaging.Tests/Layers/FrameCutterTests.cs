using Hoist.Packaging.Layers;

namespace Hoist.Packaging.Tests.Layers;

public sealed class FrameCutterTests
{
    [Fact]
    public void Next_RandomStream_CutsBetweenTheBoundsNearOneMebibyte()
    {
        var data = RandomBytes(64 << 20, seed: 1);

        var frames = Cut(data, piece: 100_000);

        Assert.All(frames[..^1], f => Assert.InRange(f, FrameCutter.MinSize, FrameCutter.MaxSize));
        Assert.InRange(frames.Average(), 800 << 10, 1300 << 10);
    }

    [Fact]
    public void Next_SameStreamInOtherPieces_CutsAtTheSamePlaces()
    {
        var data = RandomBytes(16 << 20, seed: 2);

        Assert.Equal(Cut(data, piece: 1 << 20), Cut(data, piece: 4093));
    }

    [Fact]
    public void Next_Zeros_CutsAtTheMaximum()
    {
        Assert.Equal([FrameCutter.MaxSize, FrameCutter.MaxSize, 1000], Cut(new byte[(2 * FrameCutter.MaxSize) + 1000], piece: 65536));
    }

    [Fact]
    public void Next_BytesInsertedNearTheStart_LeavesTheLaterCutPointsWhereTheyWere()
    {
        var data = RandomBytes(32 << 20, seed: 3);
        var edited = data[..1000].Concat(RandomBytes(300_000, seed: 4)).Concat(data[1000..]).ToArray();

        var before = Ends(Cut(data, piece: 65536)).Select(e => e + 300_000).ToHashSet();
        var after = Ends(Cut(edited, piece: 65536));

        Assert.True(after.Count(before.Contains) >= after.Count - 3, $"{after.Count(e => !before.Contains(e))} of {after.Count} cut points moved");
    }

    private static List<int> Cut(byte[] data, int piece)
    {
        var cutter = new FrameCutter();
        var frames = new List<int>();
        var frame = 0;
        for (var offset = 0; offset < data.Length; offset += piece)
        {
            var span = data.AsSpan(offset, Math.Min(piece, data.Length - offset));
            while (!span.IsEmpty)
            {
                var cut = cutter.Next(span);
                if (cut < 0)
                {
                    frame += span.Length;
                    break;
                }

                frames.Add(frame + cut);
                frame = 0;
                span = span[cut..];
            }
        }

        if (frame > 0)
        {
            frames.Add(frame);
        }

        return frames;
    }

    private static List<long> Ends(List<int> frames)
    {
        long end = 0;
        return [.. frames.Select(f => end += f)];
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
