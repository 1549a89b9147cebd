using Hoist.Content.Chunking;
using Hoist.Content.Storage;
using Hoist.Content.Tests.Chunking;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Linux;
using Hoist.Testing;

namespace Hoist.Content.Tests.Storage;

public sealed class ChunkStoreTests
{
    [Fact]
    public async Task PutAsync_NewChunk_StoresItReadOnlyUnderItsDigestAndReadsItBack()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var data = new byte[70_000];
        var digest = Digest.Of(data);

        Assert.True(await store.PutAsync(digest, data, CancellationToken.None));

        var path = temp.Combine("sha256", digest.Hex[..2], digest.Hex);
        Assert.Equal(path, store.PathOf(digest));
        Assert.True(store.Contains(digest));
        Assert.Equal(0x124u, LinuxFiles.LStat(path).Permissions);
        Assert.Equal(ChunkCodec.Zstd, File.ReadAllBytes(path)[0]);
        Assert.Equal(data, await store.ReadAsync(digest, CancellationToken.None));
        Assert.Equal(File.ReadAllBytes(path), await store.ReadStoredAsync(digest, CancellationToken.None));
        Assert.Equal(new FileInfo(path).Length, store.StoredSize(digest));
        Assert.Empty(Directory.GetFiles(temp.Combine("tmp")));
    }

    [Fact]
    public async Task PutAsync_WithoutSyncEachChunk_StoresChunksThatReadBackAfterOneSync()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path, syncEachChunk: false);
        var chunks = Enumerable.Range(0, 20).Select(i => Enumerable.Repeat((byte)i, 30_000 + i).ToArray()).ToList();

        foreach (var data in chunks)
        {
            Assert.True(await store.PutAsync(Digest.Of(data), data, CancellationToken.None));
        }

        store.SyncToDisk();

        Assert.False(store.SyncEachChunk);
        foreach (var data in chunks)
        {
            Assert.Equal(data, await store.ReadAsync(Digest.Of(data), CancellationToken.None));
        }

        Assert.Empty(Directory.GetFiles(temp.Combine("tmp")));
    }

    [Fact]
    public async Task PutAsync_ChunkAlreadyThere_ReturnsFalse()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var data = "content"u8.ToArray();

        await store.PutAsync(Digest.Of(data), data, CancellationToken.None);

        Assert.False(await store.PutAsync(Digest.Of(data), data, CancellationToken.None));
        Assert.Equal(new StoreTotals(1, 8), store.Totals());
    }

    [Fact]
    public async Task PutAsync_DataOfAnotherDigest_ThrowsInvalidArgumentNamingItAndStoresNothing()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var claimed = Digest.Of("one"u8);

        var error = await Assert.ThrowsAsync<HoistException>(() => store.PutAsync(claimed, "two"u8.ToArray(), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(claimed.ToString(), error.Message);
        Assert.Contains(Digest.Of("two"u8).ToString(), error.Message);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task PutStoredAsync_WireForm_KeepsItAsGiven()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var data = new byte[50_000];
        var stored = ChunkCodec.Encode(data);

        Assert.True(await store.PutStoredAsync(Digest.Of(data), stored, CancellationToken.None));

        Assert.Equal(stored, File.ReadAllBytes(store.PathOf(Digest.Of(data))));
        Assert.False(await store.PutStoredAsync(Digest.Of(data), stored, CancellationToken.None));
    }

    [Fact]
    public async Task PutStoredAsync_WrongDigest_ThrowsInvalidArgumentNamingItAndStoresNothing()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var claimed = Digest.Of("claimed"u8);

        var error = await Assert.ThrowsAsync<HoistException>(() => store.PutStoredAsync(claimed, ChunkCodec.Encode("other"u8), CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"chunk {claimed} was refused", error.Message);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task PutStoredAsync_Undecodable_ThrowsInvalidArgumentNamingTheDigest()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var claimed = Digest.Of("x"u8);

        var error = await Assert.ThrowsAsync<HoistException>(() => store.PutStoredAsync(claimed, new byte[] { 1, 9, 9, 9 }, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"chunk {claimed} was refused: chunk data is corrupt", error.Message);
    }

    [Fact]
    public async Task ReadAsync_Missing_ThrowsNotFound()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var digest = Digest.Of("absent"u8);

        var error = await Assert.ThrowsAsync<HoistException>(() => store.ReadAsync(digest, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains(digest.ToString(), error.Message);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<HoistException>(() => store.StoredSize(digest)).Kind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_DamagedFile_ThrowsFailedPreconditionNamingTheFile(bool compressible)
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var data = compressible ? new byte[40_000] : ContentDefinedChunkerTests.RandomBytes(40_000, seed: 1);
        var digest = Digest.Of(data);
        await store.PutAsync(digest, data, CancellationToken.None);
        var path = store.PathOf(digest);
        var bytes = File.ReadAllBytes(path);
        bytes[^2] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<HoistException>(() => store.ReadAsync(digest, CancellationToken.None));
        var stored = await Assert.ThrowsAsync<HoistException>(() => store.ReadStoredAsync(digest, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains(path, error.Message);
        Assert.Contains(digest.ToString(), error.Message);
        Assert.Equal(error.Message, stored.Message);
    }

    [Fact]
    public async Task Missing_SomeStored_GivesTheOthersOnceInOrder()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var (a, b, c) = (Digest.Of("a"u8), Digest.Of("b"u8), Digest.Of("c"u8));
        await store.PutAsync(b, "b"u8.ToArray(), CancellationToken.None);

        Assert.Equal([c, a], store.Missing([c, b, a, c, b]));
    }

    [Fact]
    public async Task ListTotalsDelete_SeveralChunks_SeeExactlyThem()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var digests = new List<Digest>();
        for (var i = 0; i < 20; i++)
        {
            var data = ContentDefinedChunkerTests.RandomBytes(100 + i, seed: i);
            digests.Add(Digest.Of(data));
            await store.PutAsync(Digest.Of(data), data, CancellationToken.None);
        }

        File.WriteAllText(temp.Combine("sha256", "stray-file"), "not a chunk");

        Assert.Equal(digests.Select(d => d.Hex).Order(), store.List().Select(d => d.Hex).Order());
        Assert.Equal(new StoreTotals(20, digests.Sum(store.StoredSize)), store.Totals());
        Assert.True(store.Delete(digests[0]));
        Assert.False(store.Delete(digests[0]));
        Assert.False(store.Contains(digests[0]));
        Assert.Equal(19, store.Totals().Chunks);
    }

    [Fact]
    public async Task PutAsync_OneChunkFromManyTasksAndTwoStores_StoresItOnceAndOnePutSaysSo()
    {
        using var temp = new TempDirectory("chunks");
        var stores = new[] { new ChunkStore(temp.Path), new ChunkStore(temp.Path) };
        var data = ContentDefinedChunkerTests.RandomBytes(200_000, seed: 9);
        var digest = Digest.Of(data);
        using var start = new ManualResetEventSlim();

        var puts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await stores[i % 2].PutAsync(digest, data, CancellationToken.None);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(puts);

        Assert.Single(results, r => r);
        Assert.Equal(data, await stores[1].ReadAsync(digest, CancellationToken.None));
        Assert.Equal(1, stores[0].Totals().Chunks);
        Assert.Empty(Directory.GetFiles(temp.Combine("tmp")));
    }

    [Fact]
    public async Task AcceptAndRead_AsSinkAndSource_PutAndReadChunks()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var data = "through the interfaces"u8.ToArray();
        var chunk = new ChunkRef(Digest.Of(data), data.Length);

        await ((IChunkSink)store).AcceptAsync(chunk, data, CancellationToken.None);
        store.SyncToDisk();

        Assert.Equal(data, await ((IChunkSource)store).ReadAsync(chunk.Digest, CancellationToken.None));
    }

    [Fact]
    public void RemoveStaleTemporaryFiles_OldAndNewFiles_RemovesTheOldOnly()
    {
        using var temp = new TempDirectory("chunks");
        var store = new ChunkStore(temp.Path);
        var old = temp.Combine("tmp", "old");
        File.WriteAllText(old, "x");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));
        File.WriteAllText(temp.Combine("tmp", "new"), "x");

        Assert.Equal(1, store.RemoveStaleTemporaryFiles(TimeSpan.FromHours(1)));
        Assert.Equal([temp.Combine("tmp", "new")], Directory.GetFiles(temp.Combine("tmp")));
    }
}
