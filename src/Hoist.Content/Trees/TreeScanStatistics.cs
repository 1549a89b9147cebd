namespace Hoist.Content.Trees;

/// <summary>What one scan did, counted as it goes (safe to read from another thread meanwhile).</summary>
public sealed class TreeScanStatistics
{
    private long _entries;
    private long _files;
    private long _filesRead;
    private long _bytesRead;
    private long _filesFromCache;

    /// <summary>The entries of the recipe so far.</summary>
    public long Entries => Interlocked.Read(ref _entries);

    /// <summary>Regular files (each inode once).</summary>
    public long Files => Interlocked.Read(ref _files);

    /// <summary>Files whose content was read, each once however often a change made it read again.</summary>
    public long FilesRead => Interlocked.Read(ref _filesRead);

    /// <summary>Bytes read from files, rereads included.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Files whose chunks came from the cache, unread.</summary>
    public long FilesFromCache => Interlocked.Read(ref _filesFromCache);

    internal void AddEntry() => Interlocked.Increment(ref _entries);

    internal void AddFile(bool fromCache)
    {
        Interlocked.Increment(ref _files);
        Interlocked.Increment(ref fromCache ? ref _filesFromCache : ref _filesRead);
    }

    internal void AddBytes(long bytes) => Interlocked.Add(ref _bytesRead, bytes);

    internal void SetEntries(long entries) => Interlocked.Exchange(ref _entries, entries);
}
