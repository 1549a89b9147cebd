using Hoist.Core.Errors;
using Hoist.Linux;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;
using Hoist.Runtime.State;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>Opening, verifying and extracting archives, and what the extractor refuses.</summary>
public sealed class StateArchiveExtractorTests
{
    [Fact]
    public async Task ExtractAsync_Archive_ReturnsItsMetadataAndReportsEachPhase()
    {
        using var temp = new TempDirectory("state-extract");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var written = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("state.hstate"), null, CancellationToken.None);
        var progress = new TestProgress();

        var metadata = await StateArchiveExtractor.ExtractAsync(written.Path, temp.Combine("restored"), progress, CancellationToken.None);

        Assert.Equal(written.Metadata.Layer, metadata.Layer);
        Assert.Equal("cache", metadata.App);
        Assert.Equal(
            [$"verifying the state layer digest of {written.Path}", $"extracting the state layer into {temp.Combine("restored")}"],
            progress.Phases);
        Assert.Equal((written.Metadata.Layer!.Size, written.Metadata.Layer.Size), progress.Advances[^1]);
        Assert.True(LinuxFiles.LStat(temp.Combine("restored", "etc", "removed.conf")).IsOverlayWhiteout);
    }

    [Fact]
    public async Task VerifyAsync_WrittenArchive_ReturnsWhatTheWriterReturned()
    {
        using var temp = new TempDirectory("state-extract");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var written = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("state.hstate"), null, CancellationToken.None);

        var verified = await StateArchive.VerifyAsync(written.Path, null, CancellationToken.None);

        Assert.Equal((written.Path, written.Digest, written.Size, written.Entries, written.ContentBytes), (verified.Path, verified.Digest, verified.Size, verified.Entries, verified.ContentBytes));
    }

    [Fact]
    public async Task ExtractAsync_TargetExists_AlreadyExistsAndLeavesItAlone()
    {
        using var temp = new TempDirectory("state-extract");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var written = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("state.hstate"), null, CancellationToken.None);
        Directory.CreateDirectory(temp.Combine("restored"));
        await File.WriteAllTextAsync(temp.Combine("restored", "mine"), "keep me");

        var error = await Assert.ThrowsAsync<HoistException>(() => StateArchiveExtractor.ExtractAsync(written.Path, temp.Combine("restored"), null, CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Equal($"cannot extract the state to {temp.Combine("restored")}: it exists", error.Message);
        Assert.Equal(["mine"], Directory.GetFileSystemEntries(temp.Combine("restored")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ExtractAsync_ParentMissing_NotFound()
    {
        using var temp = new TempDirectory("state-extract");
        var upper = PlainUpper.Create(temp.Combine("upper"));
        var written = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("state.hstate"), null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<HoistException>(() =>
            StateArchiveExtractor.ExtractAsync(written.Path, temp.Combine("apps", "cache", "upper"), null, CancellationToken.None));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.False(Directory.Exists(temp.Combine("apps")));
    }

    [Fact]
    public async Task ExtractAsync_CancelledWhileExtracting_RemovesTheTarget()
    {
        using var temp = new TempDirectory("state-extract");
        var upper = PlainUpper.Create(temp.Combine("upper"), randomBytes: 1_000_000, randomFiles: 4);
        var written = await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), temp.Combine("state.hstate"), null, CancellationToken.None);
        var target = temp.Combine("restored");
        using var cancel = new CancellationTokenSource();
        var progress = new TestProgress((p, done, total) =>
        {
            if (p.CurrentPhase.StartsWith("extracting", StringComparison.Ordinal) && done > total / 2)
            {
                Assert.True(Directory.Exists(target));
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StateArchiveExtractor.ExtractAsync(written.Path, target, progress, cancel.Token));

        Assert.False(Directory.Exists(target), $"{target} was left behind");
    }

    [Fact]
    public async Task Open_PackageFile_SaysItIsAPackage()
    {
        using var temp = new TempDirectory("state-extract");
        var package = await WritePackageAsync(temp);

        await StateArchiveCorruptionTests.AssertRefusedAsync(package, temp, $"{package} is not a Hoist state archive: it is a Hoist package (.hpkg)");
    }

    [Fact]
    public void Open_MissingFile_NotFound()
    {
        using var temp = new TempDirectory("state-extract");

        var error = Assert.Throws<HoistException>(() => StateArchive.Open(temp.Combine("missing.hstate")));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal($"state archive {temp.Combine("missing.hstate")} does not exist", error.Message);
    }

    [Fact]
    public void Open_Directory_InvalidArgument()
    {
        using var temp = new TempDirectory("state-extract");

        var error = Assert.Throws<HoistException>(() => StateArchive.Open(temp.Path));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"{temp.Path} is not a Hoist state archive: it is a directory", error.Message);
    }

    /// <summary>A real package file (.hpkg) of one file, as the sequencer writes them.</summary>
    private static async Task<string> WritePackageAsync(TempDirectory temp)
    {
        await File.WriteAllTextAsync(temp.Combine("tool"), "#!/bin/sh\n");
        var layerPath = temp.Combine("layer.tar.zst");
        LayerInfo layer;
        await using (var stream = File.Create(layerPath))
        {
            var entries = new[] { new LayerEntry { Path = "usr/bin/tool", Kind = LayerEntryKind.File, Mode = 0x1ED, Size = 10, SourcePath = temp.Combine("tool") } };
            layer = await LayerWriter.WriteAsync(entries, stream, LayerWriteOptions.Default, null, CancellationToken.None);
        }

        var path = temp.Combine("tool.hpkg");
        await using (var stream = File.Create(path))
        {
            var manifest = new PackageManifest { Name = "tool", Version = "1.0", Description = "a tool", Layer = layer };
            await PackageFileWriter.WriteAsync(manifest, layerPath, stream, CancellationToken.None);
        }

        return path;
    }
}
