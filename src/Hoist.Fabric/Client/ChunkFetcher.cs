using System.Net.Http.Json;
using Hoist.Content.Storage;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;

namespace Hoist.Fabric.Client;

/// <summary>Fetches chunks from the controller into a local chunk store: only those it lacks, in
/// batches, each checked against its digest as it is stored.</summary>
public static class ChunkFetcher
{
    private const int BatchChunks = 1024;

    /// <summary>Makes <paramref name="store"/> hold every chunk of <paramref name="needed"/>; returns the
    /// bytes fetched (stored form). <paramref name="onBytes"/> hears of each chunk's bytes as it arrives.</summary>
    public static async Task<long> FetchMissingAsync(ControllerClient client, ChunkStore store, IEnumerable<Digest> needed, Action<long>? onBytes, CancellationToken cancellationToken)
    {
        var missing = store.Missing(needed.Distinct());
        long fetched = 0;
        foreach (var batch in missing.Chunk(BatchChunks))
        {
            var body = new DigestList { Digests = [.. batch.Select(d => d.ToString())] };
            using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.ChunksFetch) { Content = JsonContent.Create(body, FabricJson.Default.DigestList) };
            using var response = await client.SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var count = 0;
            await foreach (var (digest, stored) in ChunkFrames.ReadAllAsync(stream, cancellationToken).ConfigureAwait(false))
            {
                await store.PutStoredAsync(digest, stored, cancellationToken).ConfigureAwait(false);
                fetched += stored.Length;
                onBytes?.Invoke(stored.Length);
                count++;
            }

            if (count != batch.Length)
            {
                throw Core.Errors.HoistException.Unavailable($"the controller sent {count} of the {batch.Length} chunks asked for", "its library may have lost them ('hoist library ls'); push the item again");
            }
        }

        // The store does not sync each chunk: the batch reaches the disk at once, before it is used.
        if (fetched > 0)
        {
            store.SyncToDisk();
        }

        return fetched;
    }
}
