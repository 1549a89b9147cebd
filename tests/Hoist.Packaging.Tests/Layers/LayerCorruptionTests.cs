using System.IO.Compression;
using Hoist.Core.Errors;
using Hoist.Packaging.Layers;
using static Hoist.Packaging.Tests.Layers.HostileLayer;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>Damaged layers: whatever the damage, the reader says "layer is truncated or corrupt"
/// with InvalidArgument and throws nothing else.</summary>
public sealed class LayerCorruptionTests
{
    private const string Corrupt = "layer is truncated or corrupt: ";

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.9999)]
    public async Task ReadAsync_FlippedByte_ThrowsCorrupt(double where)
    {
        var layer = await ValidLayerAsync();
        layer[(int)(layer.Length * where)] ^= 0x55;

        await AssertCorruptAsync(layer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(100)]
    [InlineData(-1)]
    [InlineData(-10)]
    public async Task ReadAsync_TruncatedCompressedStream_ThrowsCorrupt(int length)
    {
        var layer = await ValidLayerAsync();
        var cut = length >= 0 ? length : layer.Length + length;

        await AssertCorruptAsync(layer[..cut]);
    }

    [Fact]
    public async Task ReadAsync_HalfTheCompressedStream_ThrowsCorrupt()
    {
        var layer = await ValidLayerAsync();

        await AssertCorruptAsync(layer[..(layer.Length / 2)]);
    }

    [Fact]
    public async Task ReadAsync_RandomBytes_ThrowsCorrupt()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);

        await AssertCorruptAsync(bytes);
    }

    [Fact]
    public async Task ReadAsync_GzipInsteadOfZstd_ThrowsCorrupt()
    {
        var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(Tar(FileEntry("a", "content")));
        }

        await AssertCorruptAsync(gzip.ToArray());
    }

    [Fact]
    public async Task ReadAsync_TarCutInsideContent_ThrowsCorrupt()
    {
        var tar = Tar(FileEntry("a", new string('x', 2000)));

        await AssertCorruptAsync(Compress(tar[..1500]));
    }

    [Fact]
    public async Task ReadAsync_TarCutInsideContentWhileTheCallbackReadsIt_ThrowsCorrupt()
    {
        var tar = Tar(FileEntry("a", new string('x', 2000)));

        var error = await Assert.ThrowsAsync<HoistException>(() => LayerReader.ReadAsync(new MemoryStream(Compress(tar[..1500])),
            async (_, content, ct) => await content!.CopyToAsync(Stream.Null, ct), CancellationToken.None));

        Assert.StartsWith(Corrupt, error.Message);
    }

    [Fact]
    public async Task ExtractAsync_TarCutInsideContent_ThrowsCorrupt()
    {
        using var temp = new TestDirectory();
        var tar = Tar(FileEntry("a", new string('x', 2000)));

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            LayerExtractor.ExtractAsync(new MemoryStream(Compress(tar[..1500])), temp.Combine("target"), CancellationToken.None));

        Assert.StartsWith(Corrupt, error.Message);
        Assert.False(Path.Exists(temp.Combine("target")));
    }

    [Fact]
    public async Task ReadAsync_TarCutAtEntryBoundary_ThrowsCorrupt()
    {
        var tar = Tar(FileEntry("a", "content"));

        await AssertCorruptAsync(Compress(tar[..^1024]));
    }

    [Fact]
    public async Task ReadAsync_TarWithHalfItsEndOfArchiveMarker_ThrowsCorruptNamingTheMissingEnd()
    {
        var tar = Tar(FileEntry("a", "content"));

        var error = await AssertCorruptAsync(Compress(tar[..^512]));

        Assert.Contains("without its end-of-archive marker", error.Message);
    }

    [Fact]
    public async Task ReadAsync_DataAfterEndOfArchive_ThrowsCorrupt()
    {
        var tar = Tar(FileEntry("a", "content"));

        var error = await AssertCorruptAsync(Compress([.. tar, .. Tar(FileEntry("hidden", "x"))]));

        Assert.Contains("data after the end-of-archive marker", error.Message);
    }

    [Fact]
    public async Task ReadAsync_BadHeaderChecksum_ThrowsCorrupt()
    {
        var tar = Tar(FileEntry("a", "content"));
        tar[1024 + 200] ^= 0x01; // inside the ustar header block that follows the PAX header and its records

        var error = await AssertCorruptAsync(Compress(tar));

        Assert.Contains("the header of entry 'a' does not match its checksum", error.Message);
    }

    [Fact]
    public async Task ReadAsync_ZeroPaddingAfterEndOfArchive_IsAccepted()
    {
        // GNU tar pads an archive to a multiple of 10240 bytes.
        var tar = Tar(FileEntry("a", "content"));

        var entries = await LayerReaderTests.ReadAllAsync(Compress([.. tar, .. new byte[10240 - tar.Length]]));

        Assert.Single(entries);
    }

    private static async Task<byte[]> ValidLayerAsync()
    {
        using var temp = new TestDirectory();
        var entries = SampleTree.Create(temp.Combine("source"), largeFileBytes: 200_000);
        return await LayerWriterTests.WriteAsync(entries, LayerWriteOptions.Default);
    }

    private static async Task<HoistException> AssertCorruptAsync(byte[] layer)
    {
        var error = await Assert.ThrowsAsync<HoistException>(() => LayerReaderTests.ReadAllAsync(layer));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith(Corrupt, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }
}
