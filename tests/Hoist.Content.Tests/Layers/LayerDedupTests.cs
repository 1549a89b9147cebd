using Hoist.Content.Chunking;
using Hoist.Core.Storage;
using Hoist.Packaging.Layers;
using Hoist.Testing;
using Xunit.Abstractions;

namespace Hoist.Content.Tests.Layers;

/// <summary>Package layers as the content store sees them: LayerWriter cuts its zstd frames where
/// the tar's content says, so two packages that share most files share most chunks.</summary>
public sealed class LayerDedupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WriteAsync_TwoLayersSharingMostFiles_ShareMostChunkBytes()
    {
        using var temp = new TempDirectory("layers");
        var before = Files(temp.Combine("a"), insertAt: null);
        var after = Files(temp.Combine("b"), insertAt: 20);

        var first = await WriteAsync(before);
        var second = await WriteAsync(after);

        var chunker = new ContentDefinedChunker();
        var known = chunker.Split(first).Select(r => Digest.Of(first.AsSpan()[r])).ToHashSet();
        var chunks = chunker.Split(second);
        var shared = chunks.Where(r => known.Contains(Digest.Of(second.AsSpan()[r]))).Sum(r => (long)(r.End.Value - r.Start.Value));
        var fraction = (double)shared / second.Length;
        output.WriteLine($"{shared} of {second.Length} compressed bytes ({fraction:P1}) of the second layer are in chunks of the first");

        Assert.True(fraction >= 0.8, $"only {fraction:P1} of the second layer's chunk bytes are shared with the first ({shared} of {second.Length})");
    }

    // 40 files of 200 KiB of random data; with insertAt, one more file that sorts among them.
    private static List<LayerEntry> Files(string root, int? insertAt)
    {
        Directory.CreateDirectory(root);
        var entries = new List<LayerEntry> { new() { Path = "opt", Kind = LayerEntryKind.Directory, Mode = 0x1ED } };
        for (var i = 0; i < 40; i++)
        {
            if (i == insertAt)
            {
                entries.Add(RandomFile(root, $"opt/file-{i:D2}-new", seed: 999));
            }

            entries.Add(RandomFile(root, $"opt/file-{i:D2}", seed: i));
        }

        return entries;
    }

    private static LayerEntry RandomFile(string root, string path, int seed)
    {
        var source = Path.Join(root, Path.GetFileName(path));
        File.WriteAllBytes(source, Chunking.ContentDefinedChunkerTests.RandomBytes(200 << 10, seed));
        return new LayerEntry { Path = path, Kind = LayerEntryKind.File, Mode = 0x1A4, Size = 200 << 10, SourcePath = source };
    }

    private static async Task<byte[]> WriteAsync(IReadOnlyList<LayerEntry> entries)
    {
        var layer = new MemoryStream();
        await LayerWriter.WriteAsync(entries, layer, LayerWriteOptions.Default, null, CancellationToken.None);
        return layer.ToArray();
    }
}
