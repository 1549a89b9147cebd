using System.Text.Json;
using Hoist.Content.Chunking;
using Hoist.Content.Interop;
using Hoist.Content.Recipes;
using Hoist.Core.Storage;

namespace Hoist.Content.Trees;

/// <summary>
/// What a <see cref="TreeScanner"/> learned of a tree's files, so that the next scan reads only
/// what changed: per path, the device, inode, size, mtime and ctime a file had when it was read,
/// and its chunks. A file is taken from the cache only when all five are unchanged, and only files
/// whose ctime was at least <see cref="RacyWindow"/> older than the start of the scan that read
/// them are kept (as git does with its index: a file written in the same clock tick as it was
/// read could change again without its times showing it). Each scan replaces the whole cache with
/// what it saw, and is only valid for the chunker options it was made with. One scan at a time.
/// </summary>
public sealed class TreeScanCache
{
    /// <summary>How much older than a scan's start a file's ctime must be for the cache to keep it.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private volatile Snapshot _snapshot = new(new Dictionary<string, CachedFile>(StringComparer.Ordinal), null);

    /// <summary>The files remembered.</summary>
    public int Count => _snapshot.Files.Count;

    public void Clear() => _snapshot = new(new Dictionary<string, CachedFile>(StringComparer.Ordinal), null);

    /// <summary>Loads a cache that <see cref="SaveAsync"/> wrote. A missing, unreadable or damaged
    /// file gives an empty cache: the next scan reads everything, which is always correct.</summary>
    public static async Task<TreeScanCache> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var cache = new TreeScanCache();
        ScanCacheJson? json;
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            json = await JsonSerializer.DeserializeAsync(file, ScanCacheJsonContext.Default.ScanCacheJson, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return cache;
        }

        if (json is not { Format: ScanCacheJson.FormatName, Files: not null })
        {
            return cache;
        }

        var files = new Dictionary<string, CachedFile>(json.Files.Count, StringComparer.Ordinal);
        foreach (var (name, file) in json.Files)
        {
            var chunks = new List<ChunkRef>();
            foreach (var chunk in file.Chunks ?? [])
            {
                if (!Digest.TryParse(chunk.Digest, out var digest) || chunk.Size <= 0)
                {
                    return cache;
                }

                chunks.Add(new ChunkRef(digest, chunk.Size));
            }

            files[name] = new CachedFile(file.Device, file.Inode, file.Size, file.MtimeNs, file.CtimeNs, chunks);
        }

        var options = new ChunkerOptions { MinSize = json.MinSize, AverageSize = json.AverageSize, MaxSize = json.MaxSize };
        cache._snapshot = new Snapshot(files, options);
        return cache;
    }

    /// <summary>Writes the cache to <paramref name="path"/> (a temporary file renamed over it, so a
    /// crash leaves the old cache or the new one).</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        var json = new ScanCacheJson
        {
            Format = ScanCacheJson.FormatName,
            MinSize = snapshot.Options?.MinSize ?? 0,
            AverageSize = snapshot.Options?.AverageSize ?? 0,
            MaxSize = snapshot.Options?.MaxSize ?? 0,
            Files = snapshot.Files.ToDictionary(
                f => f.Key,
                f => new ScanCacheFileJson
                {
                    Device = f.Value.Device,
                    Inode = f.Value.Inode,
                    Size = f.Value.Size,
                    MtimeNs = f.Value.MtimeNs,
                    CtimeNs = f.Value.CtimeNs,
                    Chunks = [.. f.Value.Chunks.Select(c => new ChunkRefJson { Digest = c.Digest.ToString(), Size = c.Size })],
                },
                StringComparer.Ordinal),
        };

        var temporary = $"{path}.{Guid.NewGuid():n}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await JsonSerializer.SerializeAsync(file, json, ScanCacheJsonContext.Default.ScanCacheJson, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The chunks of the file at <paramref name="path"/> when the cache holds it with
    /// exactly this stat and was made with these chunker options; otherwise null.</summary>
    internal IReadOnlyList<ChunkRef>? Lookup(string path, in NodeStatus status, ChunkerOptions options)
    {
        var snapshot = _snapshot;
        return snapshot.Options == options && snapshot.Files.TryGetValue(path, out var file)
            && file.Device == status.Device && file.Inode == status.Inode && file.Size == status.Size
            && file.MtimeNs == status.MtimeNs && file.CtimeNs == status.CtimeNs
            ? file.Chunks
            : null;
    }

    /// <summary>Replaces everything with what a scan saw.</summary>
    internal void Replace(Dictionary<string, CachedFile> files, ChunkerOptions options) => _snapshot = new Snapshot(files, options);

    private sealed record Snapshot(Dictionary<string, CachedFile> Files, ChunkerOptions? Options);
}
