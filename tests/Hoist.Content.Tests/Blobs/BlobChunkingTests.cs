using System.Security.Cryptography;
using Hoist.Content.Blobs;
using Hoist.Content.Chunking;
using Hoist.Content.Storage;
using Hoist.Content.Tests.Chunking;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Testing;

namespace Hoist.Content.Tests.Blobs;

public sealed class BlobChunkingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10 << 20)]
    public async Task ChunkThenWrite_ThroughAStore_GivesTheBlobBack(int length)
    {
        using var temp = new TempDirectory("blob");
        var store = new ChunkStore(temp.Path);
        var blob = ContentDefinedChunkerTests.RandomBytes(length, seed: length);

        var recipe = await BlobChunking.ChunkAsync(new MemoryStream(blob), store, CancellationToken.None);
        var output = new MemoryStream();
        await BlobChunking.WriteAsync(recipe, store, output, CancellationToken.None);

        Assert.Equal(BlobRecipe.FormatName, recipe.Format);
        Assert.Equal(Digest.FromHash(SHA256.HashData(blob)), recipe.Digest);
        Assert.Equal(length, recipe.Size);
        Assert.Equal(length, recipe.Chunks.Sum(c => c.Size));
        Assert.Equal(length == 0, recipe.Chunks.Count == 0);
        Assert.True(length < (10 << 20) || recipe.Chunks.Count > 40, $"10 MiB gave {recipe.Chunks.Count} chunks");
        Assert.Equal(blob, output.ToArray());
    }

    [Fact]
    public async Task ChunkAsync_Blob_GivesEveryChunkToTheSinkInOrder()
    {
        var sink = new RecordingSink();
        var blob = ContentDefinedChunkerTests.RandomBytes(3 << 20, seed: 1);

        var recipe = await BlobChunking.ChunkAsync(new MemoryStream(blob), sink, CancellationToken.None);

        Assert.Equal(recipe.Chunks, sink.Chunks);
        Assert.Equal(blob, sink.Bytes.ToArray());
    }

    [Fact]
    public async Task WriteAsync_SourceGivesOtherBytes_ThrowsInvalidArgumentNamingTheChunk()
    {
        var chunks = new MemoryChunks();
        var recipe = await BlobChunking.ChunkAsync(new MemoryStream(ContentDefinedChunkerTests.RandomBytes(1 << 20, seed: 2)), chunks, CancellationToken.None);
        var lied = recipe.Chunks[3];
        chunks.Corrupt(lied.Digest, new byte[lied.Size]);

        var error = await Assert.ThrowsAsync<HoistException>(() => BlobChunking.WriteAsync(recipe, chunks, new MemoryStream(), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"chunk {lied.Digest} of blob {recipe.Digest}", error.Message);
    }

    [Fact]
    public async Task WriteAsync_ChunkMissing_ThrowsTheSourcesNotFound()
    {
        var recipe = await BlobChunking.ChunkAsync(new MemoryStream(new byte[5000]), new MemoryChunks(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<HoistException>(() => BlobChunking.WriteAsync(recipe, new MemoryChunks(), new MemoryStream(), CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task WriteAsync_RecipeWithAnotherWholeDigest_ThrowsInvalidArgument()
    {
        var chunks = new MemoryChunks();
        var recipe = await BlobChunking.ChunkAsync(new MemoryStream(new byte[5000]), chunks, CancellationToken.None);
        var wrong = recipe with { Digest = Digest.Of("other"u8) };

        var error = await Assert.ThrowsAsync<HoistException>(() => BlobChunking.WriteAsync(wrong, chunks, new MemoryStream(), CancellationToken.None));

        Assert.Contains($"blob {wrong.Digest} was put back together from its chunks, and hashes to {recipe.Digest}", error.Message);
    }

    [Fact]
    public async Task WriteAsync_SizeNotTheSumOfTheChunks_ThrowsInvalidArgumentBeforeReading()
    {
        var chunks = new MemoryChunks();
        var recipe = await BlobChunking.ChunkAsync(new MemoryStream(new byte[5000]), chunks, CancellationToken.None);

        var error = await Assert.ThrowsAsync<HoistException>(() => BlobChunking.WriteAsync(recipe with { Size = 4999 }, chunks, new MemoryStream(), CancellationToken.None));

        Assert.Contains("blob recipe is not valid: its size 4999 is not the sum of its chunks' sizes (5000)", error.Message);
        Assert.Equal(0, chunks.Reads);
    }

    private sealed class RecordingSink : IChunkSink
    {
        public List<ChunkRef> Chunks { get; } = [];

        public MemoryStream Bytes { get; } = new();

        public ValueTask AcceptAsync(ChunkRef chunk, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            Chunks.Add(chunk);
            Bytes.Write(data.Span);
            return ValueTask.CompletedTask;
        }
    }
}
