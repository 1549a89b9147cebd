using Hoist.Content.Storage;
using Hoist.Content.Tests.Chunking;
using Hoist.Core.Errors;

namespace Hoist.Content.Tests.Storage;

public sealed class ChunkCodecTests
{
    [Fact]
    public void Encode_CompressibleData_UsesZstdAndDecodesBack()
    {
        var data = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("hoist moves apps between hosts. ", 2000)));

        var stored = ChunkCodec.Encode(data);

        Assert.Equal(ChunkCodec.Zstd, stored[0]);
        Assert.True(stored.Length < data.Length / 10, $"{data.Length} bytes stored in {stored.Length}");
        Assert.Equal(data, ChunkCodec.Decode(stored));
    }

    [Fact]
    public void Encode_RandomData_KeepsItRaw()
    {
        var data = ContentDefinedChunkerTests.RandomBytes(65536, seed: 1);

        var stored = ChunkCodec.Encode(data);

        Assert.Equal(ChunkCodec.Raw, stored[0]);
        Assert.Equal(data.Length + 1, stored.Length);
        Assert.Equal(data, ChunkCodec.Decode(stored));
    }

    [Fact]
    public void Encode_SavesLessThanASixteenth_KeepsItRaw()
    {
        // 15/16 random, 1/16 zeros: zstd saves a little less than a sixteenth.
        var data = ContentDefinedChunkerTests.RandomBytes(65536, seed: 2);
        Array.Clear(data, 0, 65536 / 16 - 200);

        Assert.Equal(ChunkCodec.Raw, ChunkCodec.Encode(data)[0]);
    }

    [Fact]
    public void Encode_Empty_IsOneRawByte()
    {
        Assert.Equal([ChunkCodec.Raw], ChunkCodec.Encode([]));
        Assert.Empty(ChunkCodec.Decode([ChunkCodec.Raw]));
    }

    [Fact]
    public void Encode_SameBytesTwice_GivesSameStoredForm()
    {
        var data = new byte[100_000];

        Assert.Equal(ChunkCodec.Encode(data), ChunkCodec.Encode(data));
    }

    [Theory]
    [InlineData(new byte[0], "no codec byte")]
    [InlineData(new byte[] { 7, 1, 2 }, "unknown codec 7")]
    [InlineData(new byte[] { 1, 0x28, 0xB5, 0x2F, 0xFD, 0, 0 }, "chunk data is corrupt")]
    [InlineData(new byte[] { 1, 1, 2, 3, 4, 5, 6, 7, 8 }, "chunk data is corrupt")]
    public void Decode_Damaged_ThrowsInvalidArgument(byte[] stored, string problem)
    {
        var error = Assert.Throws<HoistException>(() => ChunkCodec.Decode(stored));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Decode_TruncatedZstdFrame_ThrowsInvalidArgument()
    {
        var stored = ChunkCodec.Encode(new byte[100_000]);

        var error = Assert.Throws<HoistException>(() => ChunkCodec.Decode(stored[..^3]));

        Assert.Contains("chunk data is corrupt", error.Message);
    }
}
