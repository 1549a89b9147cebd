using System.Text;
using Hoist.Core.Processes;
using Hoist.Core.Storage;
using Hoist.Packaging.Layers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>Layers long enough to be cut into several zstd frames: every reader still reads them
/// as one stream, and the cut points come from the tar's content.</summary>
public sealed class MultiFrameLayerTests
{
    [Fact]
    public async Task WriteAsync_LargeTree_CutsIndependentFramesOfHalfAMebibyteToFour()
    {
        using var temp = new TestDirectory();
        var entries = ManyFiles(temp.Combine("source"), count: 60, bytes: 200_000, seed: 1);

        var layer = await LayerWriterTests.WriteAsync(entries, LayerWriteOptions.Default);

        var frames = ZstdFrames.List(layer);
        Assert.True(frames.Count >= 4, $"a 12 MB tar was compressed into {frames.Count} frames");
        Assert.All(frames[..^1], f => Assert.InRange(f.Content, FrameCutter.MinSize, FrameCutter.MaxSize));
        Assert.Equal(layer.Length, frames.Sum(f => f.Compressed));
    }

    [Fact]
    public async Task ReadAsync_MultiFrameLayer_GivesBackEveryEntryContentAndDigest()
    {
        using var temp = new TestDirectory();
        var entries = ManyFiles(temp.Combine("source"), count: 40, bytes: 300_000, seed: 2);
        var output = new MemoryStream();
        var info = await LayerWriter.WriteAsync(entries, output, LayerWriteOptions.Default, null, CancellationToken.None);
        Assert.True(ZstdFrames.List(output.ToArray()).Count > 1);

        var contents = new Dictionary<string, byte[]>();
        output.Position = 0;
        var summary = await LayerReader.ReadAsync(output, async (entry, content, ct) =>
        {
            if (content is not null)
            {
                var bytes = new MemoryStream();
                await content.CopyToAsync(bytes, ct);
                contents[entry.Path] = bytes.ToArray();
            }
        }, CancellationToken.None);

        Assert.Equal(info.DiffId, summary.DiffId.ToString());
        Assert.Equal(info.UncompressedSize, summary.UncompressedSize);
        Assert.Equal(entries.Count, summary.Entries);
        foreach (var entry in entries.Where(e => e.Kind == LayerEntryKind.File))
        {
            Assert.Equal(File.ReadAllBytes(entry.SourcePath!), contents[entry.Path]);
        }
    }

    [Fact]
    public async Task ExtractAsync_MultiFrameLayer_RecreatesTheFiles()
    {
        using var temp = new TestDirectory();
        var entries = ManyFiles(temp.Combine("source"), count: 30, bytes: 250_000, seed: 3);
        var layer = new MemoryStream(await LayerWriterTests.WriteAsync(entries, LayerWriteOptions.Default));

        await LayerExtractor.ExtractAsync(layer, temp.Combine("out"), CancellationToken.None);

        foreach (var entry in entries.Where(e => e.Kind == LayerEntryKind.File))
        {
            Assert.Equal(File.ReadAllBytes(entry.SourcePath!), File.ReadAllBytes(temp.Combine("out", entry.Path)));
        }
    }

    [Fact]
    public async Task ZstdDecompress_MultiFrameLayer_GivesTheTarWhoseDigestIsTheDiffId()
    {
        var zstd = Tools.Find("zstd");
        Assert.True(zstd is not null, "the zstd program is not installed: apt-get install zstd (./install.sh installs it)");
        using var temp = new TestDirectory();
        var entries = ManyFiles(temp.Combine("source"), count: 40, bytes: 200_000, seed: 4);
        var path = temp.Combine("layer.tar.zst");
        Hoist.Packaging.Manifests.LayerInfo info;
        await using (var file = File.Create(path))
        {
            info = await LayerWriter.WriteAsync(entries, file, LayerWriteOptions.Default, null, CancellationToken.None);
        }

        var result = await ProcessRunner.RunAsync(new ProcessSpec(zstd!, "-d", "-q", "-o", temp.Combine("layer.tar"), path), CancellationToken.None);

        Assert.True(result.Succeeded, $"zstd -d failed: {result.Stderr}");
        Assert.Equal(info.DiffId, (await Digest.OfFileAsync(temp.Combine("layer.tar"), CancellationToken.None)).ToString());
    }

    [Fact]
    public async Task TarZstdExtract_MultiFrameLayer_GivesTheFiles()
    {
        var zstd = Tools.Find("zstd");
        Assert.True(zstd is not null, "the zstd program is not installed: apt-get install zstd (./install.sh installs it)");
        using var temp = new TestDirectory();
        var entries = ManyFiles(temp.Combine("source"), count: 30, bytes: 200_000, seed: 5);
        var path = temp.Combine("layer.tar.zst");
        await File.WriteAllBytesAsync(path, await LayerWriterTests.WriteAsync(entries, LayerWriteOptions.Default));
        Directory.CreateDirectory(temp.Combine("out"));

        var result = await ProcessRunner.RunAsync(new ProcessSpec("tar", "--zstd", "-x", "-f", path, "-C", temp.Combine("out")), CancellationToken.None);

        Assert.True(result.Succeeded, $"tar --zstd -x failed: {result.Stderr}");
        foreach (var entry in entries.Where(e => e.Kind == LayerEntryKind.File))
        {
            Assert.Equal(File.ReadAllBytes(entry.SourcePath!), File.ReadAllBytes(temp.Combine("out", entry.Path)));
        }
    }

    [Fact]
    public async Task WriteAsync_FileInsertedInTheMiddle_LeavesMostFramesAsTheyWere()
    {
        using var temp = new TestDirectory();
        var before = ManyFiles(temp.Combine("a"), count: 40, bytes: 200_000, seed: 6);
        var after = ManyFiles(temp.Combine("b"), count: 40, bytes: 200_000, seed: 6, insertAt: 20);

        var first = Frames(await LayerWriterTests.WriteAsync(before, LayerWriteOptions.Default));
        var second = Frames(await LayerWriterTests.WriteAsync(after, LayerWriteOptions.Default));

        var known = first.Select(f => f.Digest).ToHashSet();
        var shared = second.Where(f => known.Contains(f.Digest)).Sum(f => (long)f.Length);
        var total = second.Sum(f => (long)f.Length);
        Assert.True(shared >= 0.6 * total, $"only {shared} of {total} compressed bytes are in frames the first layer has");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    public async Task WriteAsync_CompressorsReused_EachFrameIsWhatAFreshCompressorMakesOfIt(int level)
    {
        using var temp = new TestDirectory();
        var root = temp.Combine("source");
        Directory.CreateDirectory(root);
        var words = new[] { "redis", "state", "layer", "frame", "hoist", "debian", "bookworm", "trixie", "overlay", "runc" };
        var random = new Random(7);
        var entries = new List<LayerEntry>();
        for (var i = 0; i < 10; i++)
        {
            // Text that compresses, unlike random bytes, so that a compressor's tables carry over if reuse were wrong.
            var text = new StringBuilder();
            while (text.Length < 1_000_000)
            {
                text.Append(words[random.Next(words.Length)]).Append(random.Next(1000)).Append(random.Next(8) == 0 ? '\n' : ' ');
            }

            var source = System.IO.Path.Join(root, $"text-{i}");
            await File.WriteAllTextAsync(source, text.ToString());
            entries.Add(new LayerEntry { Path = $"text-{i}", Kind = LayerEntryKind.File, Mode = 0x1A4, Size = new FileInfo(source).Length, SourcePath = source, Modified = SampleTree.At(2) });
        }

        var layer = await LayerWriterTests.WriteAsync(entries, new LayerWriteOptions { CompressionLevel = level, Workers = 2 });

        var frames = ZstdFrames.List(layer);
        Assert.True(frames.Count >= 5, $"a 10 MB tar was compressed into {frames.Count} frames");
        var offset = 0;
        foreach (var (length, _) in frames)
        {
            var frame = layer.AsSpan(offset, length);
            using var decompressor = new Decompressor();
            var content = decompressor.Unwrap(frame).ToArray();
            using var fresh = new Compressor(level);
            fresh.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            Assert.True(frame.SequenceEqual(fresh.Wrap(content)), $"the frame at byte {offset} is not what a fresh compressor makes of its content");
            offset += length;
        }
    }

    /// <summary>A directory of <paramref name="count"/> random files (random data does not
    /// compress: the worst case for sharing), with one more file named to sort in the middle when
    /// <paramref name="insertAt"/> is given. Entries are the tree's, for LayerWriter.</summary>
    internal static List<LayerEntry> ManyFiles(string root, int count, int bytes, int seed, int? insertAt = null)
    {
        Directory.CreateDirectory(root);
        var entries = new List<LayerEntry> { new() { Path = "data", Kind = LayerEntryKind.Directory, Mode = 0x1ED, Modified = SampleTree.At(1) } };
        for (var i = 0; i < count; i++)
        {
            if (i == insertAt)
            {
                entries.Add(RandomFile(root, $"data/file-{i:D3}-inserted", bytes, seed: 1_000_000 + seed));
            }

            entries.Add(RandomFile(root, $"data/file-{i:D3}", bytes, seed: (seed * 1000) + i));
        }

        return entries;
    }

    private static LayerEntry RandomFile(string root, string path, int bytes, int seed)
    {
        var content = new byte[bytes];
        new Random(seed).NextBytes(content);
        var source = System.IO.Path.Join(root, System.IO.Path.GetFileName(path));
        System.IO.File.WriteAllBytes(source, content);
        return new LayerEntry { Path = path, Kind = LayerEntryKind.File, Mode = 0x1A4, Size = bytes, SourcePath = source, Modified = SampleTree.At(2) };
    }

    private static List<(Digest Digest, int Length)> Frames(byte[] layer)
    {
        var frames = new List<(Digest, int)>();
        var offset = 0;
        foreach (var (length, _) in ZstdFrames.List(layer))
        {
            frames.Add((Digest.Of(layer.AsSpan(offset, length)), length));
            offset += length;
        }

        return frames;
    }
}
