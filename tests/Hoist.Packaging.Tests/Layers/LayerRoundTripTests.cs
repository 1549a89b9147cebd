using Hoist.Core.Storage;
using Hoist.Linux;
using Hoist.Packaging.Layers;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>A real tree through LayerWriter, then back through LayerReader and LayerExtractor.</summary>
public sealed class LayerRoundTripTests
{
    [Fact]
    public async Task ReadAsync_WrittenTree_GivesBackEveryEntryAndItsContent()
    {
        using var temp = new TestDirectory();
        var entries = SampleTree.Create(temp.Combine("source"));
        var layer = new MemoryStream();
        var info = await LayerWriter.WriteAsync(entries, layer, LayerWriteOptions.Default, null, CancellationToken.None);

        var read = new List<(LayerEntry Entry, byte[]? Content)>();
        layer.Position = 0;
        var summary = await LayerReader.ReadAsync(layer, async (entry, content, ct) =>
        {
            var bytes = content is null ? null : new MemoryStream();
            if (content is not null)
            {
                await content.CopyToAsync(bytes!, ct);
            }

            read.Add((entry, bytes?.ToArray()));
        }, CancellationToken.None);

        Assert.Equal(entries.Count, read.Count);
        foreach (var (expected, (actual, content)) in entries.Zip(read))
        {
            Assert.Equal(expected with { SourcePath = null, Xattrs = actual.Xattrs }, actual);
            AssertXattrs(expected.Xattrs, actual.Xattrs, expected.Path);
            Assert.Equal(expected.Kind == LayerEntryKind.File ? File.ReadAllBytes(expected.SourcePath!) : null, content);
        }

        Assert.Equal(info.Entries, summary.Entries);
        Assert.Equal(info.ContentBytes, summary.ContentBytes);
        Assert.Equal(1, summary.Whiteouts);
        Assert.Equal(info.DiffId, summary.DiffId.ToString());
        Assert.Equal(info.UncompressedSize, summary.UncompressedSize);
        Assert.Equal(info.Size, layer.Length);
        Assert.Equal(info.Digest, Digest.Of(layer.ToArray()).ToString());
    }

    [Fact]
    public async Task ExtractAsync_WrittenTree_RecreatesMetadataXattrsContentAndOverlayMarkers()
    {
        using var temp = new TestDirectory();
        var source = temp.Combine("source");
        var entries = SampleTree.Create(source);
        var layer = new MemoryStream();
        var info = await LayerWriter.WriteAsync(entries, layer, LayerWriteOptions.Default, null, CancellationToken.None);
        var target = temp.Combine("lower");

        layer.Position = 0;
        var summary = await LayerExtractor.ExtractAsync(layer, target, CancellationToken.None);

        Assert.Equal(info.DiffId, summary.DiffId.ToString());
        foreach (var entry in entries.Where(e => e.Kind is not (LayerEntryKind.Whiteout or LayerEntryKind.Opaque)))
        {
            AssertSameFile(Path.Join(source, entry.Path), Path.Join(target, entry.Path), entry);
        }

        var whiteout = LinuxFiles.LStat(Path.Join(target, "etc/removed.conf"));
        Assert.True(whiteout.IsOverlayWhiteout);
        Assert.Equal(SampleTree.At(7), whiteout.Modified);
        Assert.Equal("y"u8.ToArray(), LinuxFiles.GetXattr(Path.Join(target, "var/cache/app"), "trusted.overlay.opaque"));
        Assert.Equal(LinuxFiles.LStat(Path.Join(target, "usr/bin/app-server")).Inode, LinuxFiles.LStat(Path.Join(target, "usr/bin/app-server-hardlink")).Inode);
        Assert.Equal("../../bin/app-server", new FileInfo(Path.Join(target, "usr/lib/app/server")).LinkTarget);
        Assert.Equal("/etc/passwd", new FileInfo(Path.Join(target, "usr/lib/app/passwd")).LinkTarget);
        Assert.Equal(SampleTree.Capability, LinuxFiles.GetXattr(Path.Join(target, "usr/bin/app-helper"), "security.capability"));
    }

    private static void AssertSameFile(string expectedPath, string actualPath, LayerEntry entry)
    {
        var expected = LinuxFiles.LStat(expectedPath);
        var actual = LinuxFiles.LStat(actualPath);
        Assert.True(expected.Kind == actual.Kind, $"{entry.Path}: kind {actual.Kind}, expected {expected.Kind}");
        Assert.True(expected.Mode == actual.Mode, $"{entry.Path}: mode {Convert.ToString(actual.Mode, 8)}, expected {Convert.ToString(expected.Mode, 8)}");
        Assert.True((expected.Uid, expected.Gid) == (actual.Uid, actual.Gid), $"{entry.Path}: owner {actual.Uid}:{actual.Gid}, expected {expected.Uid}:{expected.Gid}");
        Assert.True(expected.ModifiedSeconds == actual.ModifiedSeconds && expected.ModifiedNanoseconds == actual.ModifiedNanoseconds,
            $"{entry.Path}: mtime {actual.Modified:O}, expected {expected.Modified:O}");
        var actualXattrs = LinuxFiles.ListXattrs(actualPath).Where(x => !x.Key.StartsWith("trusted.overlay.", StringComparison.Ordinal)).ToDictionary();
        AssertXattrs(LinuxFiles.ListXattrs(expectedPath), actualXattrs, entry.Path);
        switch (expected.Kind)
        {
            case FileKind.Regular:
                Assert.Equal(expected.Size, actual.Size);
                Assert.Equal(expected.LinkCount, actual.LinkCount);
                Assert.Equal(File.ReadAllBytes(expectedPath), File.ReadAllBytes(actualPath));
                break;
            case FileKind.Symlink:
                Assert.Equal(new FileInfo(expectedPath).LinkTarget, new FileInfo(actualPath).LinkTarget);
                break;
        }
    }

    private static void AssertXattrs(IReadOnlyDictionary<string, byte[]> expected, IReadOnlyDictionary<string, byte[]> actual, string path)
    {
        Assert.True(expected.Keys.SequenceEqual(actual.Keys), $"{path}: xattrs [{string.Join(", ", actual.Keys)}], expected [{string.Join(", ", expected.Keys)}]");
        foreach (var (name, value) in expected)
        {
            Assert.True(value.AsSpan().SequenceEqual(actual[name]), $"{path}: xattr {name} differs");
        }
    }
}
