using Hoist.Core.Storage;
using Hoist.Library.Images;
using Hoist.Runtime.State;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>A real overlayfs upper directory, written to an archive and extracted again.</summary>
public sealed class StateArchiveRoundTripTests
{
    [Fact]
    public async Task ExtractAsync_ArchiveOfOverlayUpper_RecreatesTheSameTreeAndMergedView()
    {
        using var temp = new TempDirectory("state");
        var state = await SampleState.CreateAsync(temp);
        Assert.True(ArchivedForm.Apply(state.Upper) > 0, "overlayfs wrote no origin or impure xattrs: the sample is not what the test means");
        var original = await TreeDigest.ComputeAsync(state.Upper, CancellationToken.None);
        var archive = temp.Combine("cache.hstate");

        var written = await StateArchiveWriter.WriteAsync(state.Upper, TestMetadata.Create(), archive, null, CancellationToken.None);
        var extracted = temp.Combine("restored", "upper");
        Directory.CreateDirectory(temp.Combine("restored"));
        var metadata = await StateArchiveExtractor.ExtractAsync(archive, extracted, null, CancellationToken.None);

        var copy = await TreeDigest.ComputeAsync(extracted, CancellationToken.None);
        Assert.Equal(original, copy);
        Assert.Equal(written.Metadata.Layer, metadata.Layer);

        // Mounting writes overlayfs's xattrs into an upper again: the views come after the digests.
        var mergedBefore = await state.MergedViewAsync(state.Upper, temp.Combine("view-before"));
        var mergedAfter = await state.MergedViewAsync(extracted, temp.Combine("view-after"));
        Assert.Equal(mergedBefore, mergedAfter);
        Assert.Contains("./etc/app.conf|f|", mergedAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("./etc/gone.conf", mergedAfter, StringComparison.Ordinal);
        Assert.Contains("./etc/kept.conf|f|", mergedAfter, StringComparison.Ordinal);
        Assert.Contains("./var/lib/app/old/new|f|", mergedAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("./var/lib/app/old/a|", mergedAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("./var/lib/app/old/sub", mergedAfter, StringComparison.Ordinal);
        Assert.Empty(Mounts.Below(temp.Path));
    }
}
