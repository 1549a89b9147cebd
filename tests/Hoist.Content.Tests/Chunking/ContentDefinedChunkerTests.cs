using Hoist.Content.Chunking;
using Hoist.Core.Errors;

namespace Hoist.Content.Tests.Chunking;

public sealed class ContentDefinedChunkerTests
{
    private static readonly ContentDefinedChunker Chunker = new();

    [Fact]
    public void Split_SameBytesTwice_GivesSameChunks()
    {
        var data = RandomBytes(8 << 20, seed: 1);

        Assert.Equal(Chunker.Split(data), new ContentDefinedChunker(new ChunkerOptions()).Split(data.ToArray()));
    }

    [Fact]
    public void Split_FixedInput_GivesPinnedCutPoints()
    {
        // Pinned: the cut points are part of the chunk format. Chunks cut before a change to the
        // gear table or the masks would no longer be shared with chunks cut after it.
        var data = RandomBytes(1 << 20, seed: 42);

        var ends = Chunker.Split(data).Select(r => r.End.Value).ToArray();

        Assert.Equal([72640, 143639, 209302, 281696, 365908, 439897, 510269, 579822, 670558, 744171, 816324, 889674, 962834, 1034254, 1048576], ends);
    }

    [Fact]
    public void Split_BytesInsertedNearTheStart_ChangesOnlyTheChunksAroundThem()
    {
        var original = RandomBytes(8 << 20, seed: 2);
        var edited = original[..1000].Concat(RandomBytes(100, seed: 3)).Concat(original[1000..]).ToArray();

        var before = Digests(original);
        var after = Digests(edited);

        var changed = after.Except(before).Count();
        Assert.True(changed <= 3, $"{changed} of {after.Count} chunks changed after inserting 100 bytes at offset 1000");
        Assert.True(after.Count > 80, $"8 MiB gave only {after.Count} chunks");
    }

    [Fact]
    public void Split_BytesDeletedInTheMiddle_ChangesOnlyTheChunksAroundThem()
    {
        var original = RandomBytes(8 << 20, seed: 4);
        var edited = original[..(4 << 20)].Concat(original[((4 << 20) + 5000)..]).ToArray();

        var changed = Digests(edited).Except(Digests(original)).Count();

        Assert.True(changed <= 3, $"{changed} chunks changed after deleting 5000 bytes in the middle");
    }

    [Fact]
    public void Split_RandomData_KeepsEveryChunkWithinTheBoundsAndNearTheAverage()
    {
        var options = ChunkerOptions.Default;
        var chunks = Chunker.Split(RandomBytes(16 << 20, seed: 5));
        var sizes = chunks.Select(r => r.End.Value - r.Start.Value).ToList();

        Assert.All(sizes[..^1], s => Assert.InRange(s, options.MinSize, options.MaxSize));
        Assert.InRange(sizes.Average(), 56 << 10, 96 << 10);
    }

    [Fact]
    public void Split_Zeros_CutsAtTheMaximum()
    {
        var sizes = Chunker.Split(new byte[1 << 20]).Select(r => r.End.Value - r.Start.Value).ToList();

        Assert.Equal([256 << 10, 256 << 10, 256 << 10, 256 << 10], sizes);
    }

    [Fact]
    public void Split_Empty_GivesNoChunks()
    {
        Assert.Empty(Chunker.Split([]));
        Assert.Equal(0, Chunker.FindBoundary([]));
    }

    [Fact]
    public void Split_ShorterThanTheMinimum_GivesOneChunk()
    {
        var chunks = Chunker.Split(RandomBytes(1000, seed: 6));

        Assert.Equal([new Range(0, 1000)], chunks);
    }

    [Fact]
    public void FindBoundary_SmallOptions_RespectsMinAndMax()
    {
        var chunker = new ContentDefinedChunker(new ChunkerOptions { MinSize = 64, AverageSize = 256, MaxSize = 1024 });
        var sizes = chunker.Split(RandomBytes(1 << 20, seed: 7)).Select(r => r.End.Value - r.Start.Value).ToList();

        Assert.All(sizes[..^1], s => Assert.InRange(s, 64, 1024));
        Assert.Contains(sizes, s => s < 256);
        Assert.Contains(sizes, s => s > 256);
    }

    [Theory]
    [InlineData(10, 64, 256, "minimum size 10 is below 64")]
    [InlineData(64, 100, 256, "average size 100 must be a power of two")]
    [InlineData(64, 64, 256, "average size 64 must be a power of two above the minimum 64")]
    [InlineData(64, 256, 256, "maximum size 256 must be above the average")]
    [InlineData(64, 256, 32 << 20, "at most 16777216")]
    public void Constructor_BadOptions_ThrowsInvalidArgument(int min, int average, int max, string problem)
    {
        var options = new ChunkerOptions { MinSize = min, AverageSize = average, MaxSize = max };

        var error = Assert.Throws<HoistException>(() => new ContentDefinedChunker(options));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300_000)]
    [InlineData(3 << 20)]
    public async Task ReadChunksAsync_AnyStream_GivesTheSameChunksAsSplit(int length)
    {
        var data = RandomBytes(length, seed: 8);
        var expected = Chunker.Split(data).Select(r => Convert.ToHexString(data[r])).ToList();

        var actual = new List<string>();
        await foreach (var chunk in Chunker.ReadChunksAsync(new TrickleStream(data), CancellationToken.None))
        {
            actual.Add(Convert.ToHexString(chunk.Span));
        }

        Assert.Equal(expected, actual);
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static List<string> Digests(byte[] data) =>
        [.. Chunker.Split(data).Select(r => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(data.AsSpan()[r])))];

    /// <summary>Gives at most 1000 bytes per read, as a pipe or a socket might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1000)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }
}
