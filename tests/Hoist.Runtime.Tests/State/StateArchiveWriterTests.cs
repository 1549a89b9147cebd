using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Runtime.State;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>What the writer stores, and that it never leaves a partial archive behind.</summary>
public sealed class StateArchiveWriterTests
{
    [Fact]
    public async Task WriteAsync_Metadata_StoredInUtcWithMeasuredLayerAndRoot()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var path = temp.Combine("state.hstate");
        var progress = new TestProgress();

        var info = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create() with { Mode = StateCaptureMode.Frozen }, path, progress, CancellationToken.None);

        using var archive = StateArchive.Open(path);
        Assert.Equal(info.Digest, archive.Digest);
        Assert.Equal(new FileInfo(path).Length, info.Size);
        Assert.Equal(info.Size, archive.FileSize);
        var metadata = archive.Metadata;
        Assert.Equal(TimeSpan.Zero, metadata.Created.Offset);
        Assert.Equal(TestMetadata.Create().Created, metadata.Created);
        Assert.Equal(StateCaptureMode.Frozen, metadata.Mode);
        Assert.Equal(["maxmemory", "port"], metadata.Parameters.Keys);
        Assert.Equal("6380", metadata.Parameters["port"]);
        Assert.Equal("256M", metadata.Resources["memory"]);
        Assert.Equal(info.Metadata.Layer, metadata.Layer);
        Assert.Equal(10, metadata.Layer!.Entries); // etc, conf, whiteout, var, lib, app, cache, opaque marker, entry, data
        Assert.Equal(1, metadata.Layer.Whiteouts);
        Assert.Equal(0x1EDu, metadata.Root!.Mode);
        Assert.Equal(info.Entries, metadata.Layer.Entries);
        Assert.Equal(metadata.Layer.ContentBytes, info.ContentBytes);
        Assert.Contains(progress.Phases, p => p.StartsWith($"writing the state archive {path}", StringComparison.Ordinal));
        Assert.Equal((info.ContentBytes, info.ContentBytes), progress.Advances[^1]);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task WriteAsync_SameStateTwice_SameBytes()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));

        var first = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("a.hstate"), null, CancellationToken.None);
        var second = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("b.hstate"), null, CancellationToken.None);

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(await File.ReadAllBytesAsync(temp.Combine("a.hstate")), await File.ReadAllBytesAsync(temp.Combine("b.hstate")));
    }

    [Fact]
    public async Task WriteAsync_ReadWithGnuTar_GivesTheThreePartsWithTheirDigests()
    {
        var tar = Prerequisites.RequireTool("tar", "tar");
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var info = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("state.hstate"), null, CancellationToken.None);

        var listing = await Shell.RunAsync(tar, "-tf", info.Path);
        await Shell.RunAsync(tar, "-xf", info.Path, "-C", temp.Path);

        Assert.Equal("index.json\nstate.json\nstate.tar.zst\n", listing);
        Assert.Equal(info.Digest, await Digest.OfFileAsync(temp.Combine("state.json"), CancellationToken.None));
        Assert.Equal(info.Metadata.Layer!.Digest, (await Digest.OfFileAsync(temp.Combine("state.tar.zst"), CancellationToken.None)).ToString());
    }

    [Fact]
    public async Task WriteAsync_OverAnExistingArchive_ReplacesIt()
    {
        using var temp = new TempDirectory("state-writer");
        var path = temp.Combine("state.hstate");
        await File.WriteAllTextAsync(path, "an older archive");
        var upper = PlainUpper.Create(temp.Combine("upper"));

        var info = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None);

        using var archive = StateArchive.Open(path);
        Assert.Equal(info.Digest, archive.Digest);
    }

    [Fact]
    public async Task WriteAsync_InvalidMetadata_ListsEveryProblemAndCreatesNothing()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var metadata = TestMetadata.Create() with { App = "Bad Name", Package = "sha256:short", SourceHost = " ", Mode = (StateCaptureMode)7 };

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            StateArchiveWriter.WriteAsync(upper, metadata, temp.Combine("state.hstate"), null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.StartsWith("the state metadata is invalid: app 'Bad Name' is not valid; package 'sha256:short' is not a sha256 digest; sourceHost is empty; mode 7", error.Message);
        AssertNothingWritten(temp.Combine("state.hstate"));
    }

    [Fact]
    public async Task WriteAsync_DirectoryMissing_NotFoundNamingIt()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var path = temp.Combine("missing", "state.hstate");

        var error = await Assert.ThrowsAsync<HoistException>(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal($"cannot write the state archive {path}: the directory {temp.Combine("missing")} does not exist", error.Message);
        Assert.False(Directory.Exists(temp.Combine("missing")));
    }

    [Fact]
    public async Task WriteAsync_DestinationIsADirectory_FailedPrecondition()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        Directory.CreateDirectory(temp.Combine("archive"));

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("archive"), null, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal($"cannot write the state archive {temp.Combine("archive")}: it is a directory", error.Message);
    }

    [Fact]
    public async Task WriteAsync_DestinationInsideTheState_InvalidArgument()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var path = temp.Combine("upper", "var", "state.hstate");

        var error = await Assert.ThrowsAsync<HoistException>(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("it lies inside the state directory", error.Message, StringComparison.Ordinal);
        AssertNothingWritten(path);
    }

    [Fact]
    public async Task WriteAsync_PartialFileOfAnotherWriter_AlreadyExistsAndLeavesIt()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var path = temp.Combine("state.hstate");
        await File.WriteAllTextAsync(path + ".partial", "another backup in progress");

        var error = await Assert.ThrowsAsync<HoistException>(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Contains($"{path}.partial exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("another backup in progress", await File.ReadAllTextAsync(path + ".partial"));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task WriteAsync_StateWithAFifo_RefusedBeforeCreatingAnything()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        await Shell.RunAsync("mkfifo", temp.Combine("upper", "var", "lib", "app", "pipe"));
        var path = temp.Combine("state.hstate");

        var error = await Assert.ThrowsAsync<HoistException>(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains($"{temp.Combine("upper", "var", "lib", "app", "pipe")} is a FIFO", error.Message, StringComparison.Ordinal);
        AssertNothingWritten(path);
    }

    [Fact]
    public async Task WriteAsync_ReadOnlyFilesystem_FailedPreconditionAndNothingLeft()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var path = temp.Combine("readonly", "state.hstate");
        HoistException error;
        await using (await TestMount.TmpfsAsync(temp.Combine("readonly"), "1m", readOnly: true))
        {
            error = await Assert.ThrowsAsync<HoistException>(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None));
            AssertNothingWritten(path);
        }

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal($"cannot write the state archive {path}: {temp.Combine("readonly")} is on a read-only filesystem", error.Message);
        Assert.Empty(Mounts.Below(temp.Path));
    }

    [Fact]
    public async Task WriteAsync_FullFilesystem_UnavailableNoPartialAndTheOldArchiveIntact()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"), randomBytes: 1_000_000, randomFiles: 4);
        var path = temp.Combine("small", "state.hstate");
        HoistException error;
        await using (await TestMount.TmpfsAsync(temp.Combine("small"), "1m"))
        {
            await File.WriteAllTextAsync(path, "the previous archive");
            error = await Assert.ThrowsAsync<HoistException>(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None));
            Assert.Equal("the previous archive", await File.ReadAllTextAsync(path));
            Assert.Equal(["state.hstate"], Directory.GetFileSystemEntries(temp.Combine("small")).Select(Path.GetFileName));
        }

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.StartsWith($"no space left on the device of {path} while writing the state archive (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(" MB written)", error.Message, StringComparison.Ordinal);
        Assert.Equal("free space on that filesystem, or write the archive to another path", error.Hint);
        Assert.Empty(Mounts.Below(temp.Path));
    }

    [Fact]
    public async Task WriteAsync_CancelledMidWrite_NoPartialFile()
    {
        using var temp = new TempDirectory("state-writer");
        var upper = PlainUpper.Create(temp.Combine("upper"), randomBytes: 1_000_000, randomFiles: 4);
        var path = temp.Combine("state.hstate");
        using var cancel = new CancellationTokenSource();
        var progress = new TestProgress((_, done, total) =>
        {
            if (done > total / 2)
            {
                Assert.True(File.Exists(path + ".partial"), "the archive is not being written to its partial file");
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, progress, cancel.Token));

        AssertNothingWritten(path);
    }

    private static void AssertNothingWritten(string path)
    {
        Assert.False(File.Exists(path), $"{path} exists");
        Assert.False(File.Exists(path + ".partial"), $"{path}.partial exists");
    }
}
