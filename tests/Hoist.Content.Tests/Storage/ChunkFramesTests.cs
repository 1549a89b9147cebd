using Hoist.Content.Storage;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Tests.Storage;

public sealed class ChunkFramesTests
{
    [Fact]
    public async Task ReadAllAsync_FramesWritten_GivesThemBackInOrder()
    {
        var chunks = Enumerable.Range(0, 5).Select(i => ChunkCodec.Encode(new byte[i * 1000])).ToList();
        var stream = new MemoryStream();
        foreach (var stored in chunks)
        {
            await ChunkFrames.WriteAsync(stream, Digest.Of(stored), stored, CancellationToken.None);
        }

        stream.Position = 0;
        var read = await ReadAllAsync(stream);

        Assert.Equal(chunks.Select(c => Digest.Of(c)), read.Select(r => r.Digest));
        Assert.Equal(chunks, read.Select(r => r.Stored));
    }

    [Fact]
    public async Task WriteAsync_OneFrame_IsDigestBytesLengthBigEndianAndData()
    {
        var digest = Digest.Of("x"u8);
        var stream = new MemoryStream();

        await ChunkFrames.WriteAsync(stream, digest, new byte[] { 0, 0xAB }, CancellationToken.None);

        var bytes = stream.ToArray();
        Assert.Equal(Convert.FromHexString(digest.Hex), bytes[..32]);
        Assert.Equal(new byte[] { 0, 0, 0, 2, 0, 0xAB }, bytes[32..]);
    }

    [Fact]
    public async Task ReadAllAsync_EmptyStream_GivesNothing()
    {
        Assert.Empty(await ReadAllAsync(new MemoryStream()));
    }

    [Theory]
    [InlineData(1, "frame 1 ends after 1 of its 36 header bytes")]
    [InlineData(36, "ends after 0 of its 3 bytes")]
    [InlineData(38, "ends after 2 of its 3 bytes")]
    public async Task ReadAllAsync_CutInsideTheSecondFrame_ThrowsInvalidArgument(int keep, string problem)
    {
        var stream = new MemoryStream();
        await ChunkFrames.WriteAsync(stream, Digest.Of("a"u8), new byte[] { 0, 1 }, CancellationToken.None);
        await ChunkFrames.WriteAsync(stream, Digest.Of("b"u8), new byte[] { 0, 1, 2 }, CancellationToken.None);
        var whole = stream.ToArray();

        var error = await Assert.ThrowsAsync<HoistException>(() => ReadAllAsync(new MemoryStream(whole[..(38 + keep)])));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("chunk frames are truncated", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0x7FFFFFFF)]
    [InlineData(-1)]
    public async Task ReadAllAsync_BadLength_ThrowsInvalidArgument(int length)
    {
        var header = new byte[36];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(32), length);

        var error = await Assert.ThrowsAsync<HoistException>(() => ReadAllAsync(new MemoryStream(header)));

        Assert.Contains($"gives a length of {length}", error.Message);
    }

    private static async Task<List<(Digest Digest, byte[] Stored)>> ReadAllAsync(Stream stream)
    {
        var frames = new List<(Digest, byte[])>();
        await foreach (var frame in ChunkFrames.ReadAllAsync(stream, CancellationToken.None))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
