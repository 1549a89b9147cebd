using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;

namespace Hoist.Runtime.State;

/// <summary>Writes state archives: an app's state layer with what is needed to recreate the app.</summary>
public static class StateArchiveWriter
{
    private const int ENOSPC = 28;
    private const int EEXIST = 17;
    private const int EROFS = 30;
    private const int EDQUOT = 122;

    /// <summary>The zstd level of the state layer: zstd's default. On 100 MB of state (half shared
    /// libraries, half random), 2 cores, Release, beside tar | zstd -T0 in the same run: level 3
    /// writes in 304-349 ms (the peer 318-374 ms), 67.4 MB; level 1 in 277-292 ms (the peer
    /// 222-270 ms), 69.7 MB. (StateArchiveSpeedTests prints these.)</summary>
    internal const int CompressionLevel = 3;

    /// <summary>
    /// Reads <paramref name="upperDirectory"/> (<see cref="UpperDirectoryReader"/>) and writes it with
    /// <paramref name="metadata"/> as a state archive at <paramref name="destinationPath"/>: a tar of
    /// index.json, state.json (the metadata, its layer and root measured here, Created in UTC,
    /// parameters and resources in ordinal order) and state.tar.zst. The archive is written to
    /// DEST.partial beside the destination, flushed to disk, then renamed over the destination, so
    /// that the destination is either untouched (an existing file stays intact) or the complete new
    /// archive. The app must be stopped or frozen: a file that changes size while it is read fails
    /// the write. Progress: content bytes written of the total.
    /// Throws, before creating anything: <see cref="ErrorKind.InvalidArgument"/> for invalid metadata
    /// (every problem listed) or a destination inside the state directory; what
    /// <see cref="UpperDirectoryReader.Read"/> throws; <see cref="ErrorKind.NotFound"/> when the
    /// destination's directory does not exist; <see cref="ErrorKind.FailedPrecondition"/> when the
    /// destination is a directory or its directory is read-only or refuses new files;
    /// <see cref="ErrorKind.AlreadyExists"/> when DEST.partial exists (another backup to the same
    /// destination is running, or one was killed). While writing: <see cref="ErrorKind.Unavailable"/>
    /// "no space left on the device of DEST while writing the state archive (N MB written)" when the
    /// filesystem is full or over quota; <see cref="ErrorKind.InvalidArgument"/> "cannot save the
    /// state in UPPER: layer entry ..." for an entry the layer rules refuse; cancellation and any
    /// other failure as thrown. On every failure DEST.partial is deleted before the exception
    /// propagates (should that fail too, an <see cref="AggregateException"/> holds both).
    /// </summary>
    public static async Task<StateArchiveInfo> WriteAsync(
        string upperDirectory,
        StateMetadata metadata,
        string destinationPath,
        IProgressReporter? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(upperDirectory);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        progress ??= NullProgress.Instance;
        var upper = Path.GetFullPath(upperDirectory);
        var destination = Path.GetFullPath(destinationPath);
        var prepared = Prepare(metadata);
        CheckDestination(destination, upper);

        progress.Phase($"reading the state in {upper}");
        var entries = UpperDirectoryReader.Read(upper);
        prepared = prepared with { Root = UpperDirectoryReader.ReadRoot(upper) };
        progress.Done($"{entries.Count} entries");

        var partial = destination + StateArchiveNames.PartialSuffix;
        StateMetadata written;
        Digest digest;
        long size;
        await using (var file = CreatePartial(partial, destination))
        {
            try
            {
                progress.Phase($"writing the state archive {destination}");
                (written, digest, size) = await WriteArchiveAsync(file, upper, entries, prepared, progress, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);

                // rename(2) over the destination: nothing that can fail comes after it.
                File.Move(partial, destination, overwrite: true);
            }
            catch (Exception failure)
            {
                // Unbuffered, so the position is what the filesystem took (the head's reserved hole included).
                var reached = file.Position;
                Discard(partial, failure);
                if (failure is IOException { HResult: ENOSPC or EDQUOT })
                {
                    throw NoSpace(destination, reached, failure);
                }

                throw;
            }
        }

        progress.Done($"{ByteSize.Format(size)}, {digest}");
        return new StateArchiveInfo(destination, digest, size, written.Layer!.Entries, written.Layer.ContentBytes, written);
    }

    /// <summary>The metadata as it will be stored, less what is measured; checked.</summary>
    private static StateMetadata Prepare(StateMetadata metadata)
    {
        var prepared = metadata with
        {
            Created = metadata.Created.ToUniversalTime(),
            Parameters = new SortedDictionary<string, string>(metadata.Parameters.ToDictionary(), StringComparer.Ordinal),
            Resources = new SortedDictionary<string, string>(metadata.Resources.ToDictionary(), StringComparer.Ordinal),
            Layer = null,
            Root = null,
        };
        var problems = StateJson.Problems(prepared, written: false);
        return problems.Count == 0
            ? prepared
            : throw HoistException.InvalidArgument($"the state metadata is invalid: {string.Join("; ", problems)}");
    }

    private static void CheckDestination(string destination, string upper)
    {
        if (destination.StartsWith(Path.TrimEndingDirectorySeparator(upper) + "/", StringComparison.Ordinal))
        {
            throw HoistException.InvalidArgument($"cannot write the state archive {destination}: it lies inside the state directory {upper}");
        }

        var directory = Path.GetDirectoryName(destination)!;
        if (!Directory.Exists(directory))
        {
            throw HoistException.NotFound($"cannot write the state archive {destination}: the directory {directory} does not exist", "create it, or choose another path");
        }

        if (Directory.Exists(destination))
        {
            throw HoistException.FailedPrecondition($"cannot write the state archive {destination}: it is a directory", "give a file name");
        }
    }

    /// <summary>Creates DEST.partial exclusively (O_EXCL never follows a symlink planted there) and
    /// unbuffered (so that closing it after a failed write has nothing left to write).</summary>
    private static FileStream CreatePartial(string partial, string destination)
    {
        const string Hint = "choose a writable directory for the state archive";
        var directory = Path.GetDirectoryName(destination)!;
        try
        {
            return new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        }
        catch (IOException e) when (e.HResult == EEXIST)
        {
            throw HoistException.AlreadyExists(
                $"cannot write the state archive {destination}: {partial} exists (another backup to it is running, or one was interrupted)",
                $"if no backup to {destination} is running, delete {partial} and try again");
        }
        catch (IOException e) when (e.HResult == EROFS)
        {
            throw new HoistException(ErrorKind.FailedPrecondition, $"cannot write the state archive {destination}: {directory} is on a read-only filesystem", Hint, e);
        }
        catch (IOException e) when (e.HResult is ENOSPC or EDQUOT)
        {
            throw NoSpace(destination, 0, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HoistException(ErrorKind.FailedPrecondition, $"cannot write the state archive {destination}: permission denied in {directory}", Hint, e);
        }
        catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The directory was there a moment ago: it went away, or it is in a filesystem such as /proc.
            throw new HoistException(ErrorKind.FailedPrecondition, $"cannot write the state archive {destination}: {directory} does not accept new files", Hint, e);
        }
    }

    /// <summary>Writes the layer at a reserved offset, then the end of the archive, then the head
    /// (<see cref="StateArchiveHead"/>) at the start of the file.</summary>
    private static async Task<(StateMetadata Written, Digest Digest, long Size)> WriteArchiveAsync(
        FileStream file, string upper, IReadOnlyList<LayerEntry> entries, StateMetadata metadata, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var maxMetadata = StateJson.Serialize(metadata with { Layer = LargestLayer() }).Length;
        var maxIndex = new StateIndex(Digest.Of([]), maxMetadata).ToUtf8().Length;
        var headLength = StateArchiveHead.ReservedLength(maxIndex, maxMetadata);

        file.Position = headLength;
        LayerInfo layer;
        try
        {
            var options = LayerWriteOptions.Default with { CompressionLevel = CompressionLevel };
            layer = await LayerWriter.WriteAsync(entries, file, options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw new HoistException(e.Kind, $"cannot save the state in {upper}: {e.Message}", e.Hint, e);
        }

        await file.WriteAsync(TarBlocks.Zeros[..TarBlocks.Padding(layer.Size)], cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(TarBlocks.Zeros, cancellationToken).ConfigureAwait(false);
        var size = file.Position;

        var written = metadata with { Layer = layer };
        var json = StateJson.Serialize(written);
        var digest = Digest.Of(json);
        var head = StateArchiveHead.Build(new StateIndex(digest, json.Length).ToUtf8(), json, layer.Size, headLength);
        file.Position = 0;
        await file.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        return (written, digest, size);
    }

    /// <summary>A layer whose every number has the most digits a long can: its state.json is at least
    /// as long as the real one.</summary>
    private static LayerInfo LargestLayer() => new()
    {
        Digest = Digest.Of([]).ToString(),
        DiffId = Digest.Of([]).ToString(),
        Size = long.MaxValue,
        UncompressedSize = long.MaxValue,
        Entries = long.MaxValue,
        ContentBytes = long.MaxValue,
        Whiteouts = long.MaxValue,
    };

    /// <summary>Deletes the partial file while it is still open and locked, so that no other writer
    /// can have created a new one at that name in between.</summary>
    private static void Discard(string partial, Exception failure)
    {
        try
        {
            File.Delete(partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AggregateException($"writing {partial} failed, and deleting it failed too", failure, e);
        }
    }

    private static HoistException NoSpace(string destination, long written, Exception inner) => new(
        ErrorKind.Unavailable,
        $"no space left on the device of {destination} while writing the state archive ({written / 1e6:0.0} MB written)",
        "free space on that filesystem, or write the archive to another path",
        inner);
}
