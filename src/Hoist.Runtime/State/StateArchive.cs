using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;
using Microsoft.Win32.SafeHandles;

namespace Hoist.Runtime.State;

/// <summary>
/// An open state archive: a plain tar whose entries are, in this order, index.json, state.json and
/// state.tar.zst (later entries are allowed and ignored). Opening it checks everything but the
/// layer's content, without decompressing anything; <see cref="VerifyAsync(IProgressReporter?, CancellationToken)"/>
/// checks that too.
/// </summary>
public sealed class StateArchive : IDisposable
{
    private const long MaxIndexSize = 64 << 10;
    private const long MaxMetadataSize = 16 << 20;
    private const string Hint = "the state archive is damaged or was tampered with: copy it again from where it was written";

    private readonly SafeFileHandle _handle;

    private StateArchive(string path, SafeFileHandle handle, StateMetadata metadata, Digest digest, long fileSize, long layerOffset)
    {
        Path = path;
        _handle = handle;
        Metadata = metadata;
        Digest = digest;
        FileSize = fileSize;
        LayerOffset = layerOffset;
    }

    public string Path { get; }

    /// <summary>The parsed state.json; valid, with its layer and root.</summary>
    public StateMetadata Metadata { get; }

    /// <summary>The archive's identity: the SHA-256 of state.json as stored.</summary>
    public Digest Digest { get; }

    public long FileSize { get; }

    /// <summary>Where the content of state.tar.zst starts in the file.</summary>
    public long LayerOffset { get; }

    /// <summary>
    /// Opens and checks a state archive: index.json parses and has format hoist-state/1; state.json
    /// has the size and digest index.json gives, parses and is valid; state.tar.zst has the size
    /// state.json gives and is wholly present, followed by the end-of-archive marker; every tar header
    /// matches its checksum. A truncated file is caught without decompressing anything. Throws
    /// <see cref="ErrorKind.NotFound"/> when there is no file at <paramref name="path"/>, and
    /// <see cref="ErrorKind.InvalidArgument"/> with a one-line message naming the file and the bad
    /// part for anything else (a package file given instead included).
    /// </summary>
    public static StateArchive Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw HoistException.InvalidArgument($"{path} is not a Hoist state archive: it is a directory");
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw HoistException.NotFound($"state archive {path} does not exist");
        }

        try
        {
            return Read(path, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens the archive at <paramref name="path"/> and verifies it whole: see
    /// <see cref="VerifyAsync(IProgressReporter?, CancellationToken)"/>.</summary>
    public static async Task<StateArchiveInfo> VerifyAsync(string path, IProgressReporter? progress, CancellationToken cancellationToken)
    {
        using var archive = Open(path);
        return await archive.VerifyAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks what <see cref="Open"/> could not: hashes state.tar.zst against state.json's
    /// layer.digest, then reads the whole layer through <see cref="LayerReader"/>, so that every
    /// entry passes the layer rules, and compares its diffId, uncompressed size, entries, content
    /// bytes and whiteouts with state.json's layer. Progress comes in two phases (hashing, reading).
    /// The first failure throws <see cref="ErrorKind.InvalidArgument"/>: "FILE: state.tar.zst does not
    /// match its digest in state.json ...", "FILE: state layer content does not match state.json (...)",
    /// or "FILE: layer entry '...': ..." / "FILE: layer is truncated or corrupt: ...".
    /// </summary>
    public async Task<StateArchiveInfo> VerifyAsync(IProgressReporter? progress, CancellationToken cancellationToken)
    {
        progress ??= NullProgress.Instance;
        await VerifyDigestAsync(progress, cancellationToken).ConfigureAwait(false);
        progress.Phase($"reading every entry of the state layer of {Path}");
        var summary = await ReadLayerAsync(progress, cancellationToken).ConfigureAwait(false);
        CheckSummary(summary);
        progress.Done($"{summary.Entries} entries, {summary.ContentBytes} content bytes: as {StateArchiveNames.Metadata} says");
        return new StateArchiveInfo(Path, Digest, FileSize, summary.Entries, summary.ContentBytes, Metadata);
    }

    /// <summary>The first half of <see cref="VerifyAsync(IProgressReporter?, CancellationToken)"/>: hashes
    /// state.tar.zst against state.json's layer.digest, without decompressing it. What it passes is the
    /// layer the archive's writer wrote, byte for byte: damage and truncation are caught here.</summary>
    internal async Task VerifyDigestAsync(IProgressReporter progress, CancellationToken cancellationToken)
    {
        var layer = Metadata.Layer!;
        progress.Phase($"verifying the state layer digest of {Path}");
        Digest digest;
        await using (var stream = OpenLayer(progress))
        {
            digest = await Digest.OfStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        if (digest.ToString() != layer.Digest)
        {
            throw new HoistException(ErrorKind.InvalidArgument,
                $"{Path}: {StateArchiveNames.Layer} does not match its digest in {StateArchiveNames.Metadata} (expected {layer.Digest}, got {digest})", Hint);
        }

        progress.Done("state layer digest matches");
    }

    /// <summary>Runs a read of the layer's entries (a verification or an extraction); an entry the layer
    /// rules refuse, or a layer that does not decompress, throws <see cref="ErrorKind.InvalidArgument"/>
    /// naming this archive's file first.</summary>
    internal async Task<LayerSummary> ReadEntriesAsync(Func<Task<LayerSummary>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HoistException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw new HoistException(ErrorKind.InvalidArgument, $"{Path}: {e.Message}", Hint, e);
        }
    }

    /// <summary>A read-only stream over the bytes of state.tar.zst. Each call gives an independent
    /// stream; all of them stop working when this archive is disposed.</summary>
    public Stream OpenLayer() => OpenLayer(null);

    public void Dispose() => _handle.Dispose();

    internal Stream OpenLayer(IProgressReporter? progress)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return new FileRangeStream(_handle, LayerOffset, Metadata.Layer!.Size, progress);
    }

    /// <summary>Throws unless a layer read from this archive matches state.json.</summary>
    internal void CheckSummary(LayerSummary actual)
    {
        var expected = Metadata.Layer!;
        var differences = new List<string>();
        void Compare<T>(string field, T wanted, T got)
        {
            if (!EqualityComparer<T>.Default.Equals(wanted, got))
            {
                differences.Add($"{field} expected {wanted}, got {got}");
            }
        }

        Compare("diffId", expected.DiffId, actual.DiffId.ToString());
        Compare("uncompressedSize", expected.UncompressedSize, actual.UncompressedSize);
        Compare("entries", expected.Entries, actual.Entries);
        Compare("contentBytes", expected.ContentBytes, actual.ContentBytes);
        Compare("whiteouts", expected.Whiteouts, actual.Whiteouts);
        if (differences.Count > 0)
        {
            throw new HoistException(ErrorKind.InvalidArgument,
                $"{Path}: state layer content does not match {StateArchiveNames.Metadata} ({string.Join("; ", differences)})", Hint);
        }
    }

    private async Task<LayerSummary> ReadLayerAsync(IProgressReporter progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        await using var layer = OpenLayer(progress);

        // Reading each file's content to its end is what checks that it is all there.
        return await ReadEntriesAsync(() => LayerReader.ReadAsync(layer, async (_, content, ct) =>
        {
            while (content is not null && await content.ReadAsync(buffer, ct).ConfigureAwait(false) > 0)
            {
            }
        }, cancellationToken)).ConfigureAwait(false);
    }

    private static StateArchive Read(string path, SafeFileHandle handle)
    {
        using var archive = ArchiveStructure.Start(path, handle);
        var index = StateIndex.Parse(
            archive.ReadContent(StateArchiveNames.Index, archive.Next(StateArchiveNames.Index), MaxIndexSize), path);

        var metadataBytes = archive.ReadContent(StateArchiveNames.Metadata, archive.Next(StateArchiveNames.Metadata), MaxMetadataSize);
        if (metadataBytes.Length != index.MetadataSize)
        {
            throw archive.Bad($"{StateArchiveNames.Metadata} is {metadataBytes.Length} bytes, {StateArchiveNames.Index} says {index.MetadataSize}");
        }

        var digest = Digest.Of(metadataBytes);
        if (digest != index.MetadataDigest)
        {
            throw archive.Bad($"{StateArchiveNames.Metadata} does not match its digest in {StateArchiveNames.Index} (expected {index.MetadataDigest}, got {digest})");
        }

        var metadata = StateJson.Parse(metadataBytes, path);
        var layer = archive.Next(StateArchiveNames.Layer);
        if (layer.Length != metadata.Layer!.Size)
        {
            throw archive.Bad($"{StateArchiveNames.Layer} is {layer.Length} bytes, {StateArchiveNames.Metadata} says {metadata.Layer.Size}");
        }

        var present = archive.Present(layer.Offset, layer.Length);
        if (present < layer.Length)
        {
            throw archive.Truncated(StateArchiveNames.Layer, present, layer.Length);
        }

        if (!archive.HasEndAfter(layer.Offset, layer.Length))
        {
            throw archive.Bad($"the tar archive is truncated after {StateArchiveNames.Layer} (its end-of-archive marker is missing)");
        }

        return new StateArchive(path, handle, metadata, digest, archive.FileSize, layer.Offset);
    }
}
