using System.Text;
using Hoist.Core.Errors;
using Hoist.Runtime.State;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>A real state archive, damaged one way at a time: the error names the file and the bad
/// part, and extracting it creates nothing.</summary>
public sealed class StateArchiveCorruptionTests
{
    [Theory]
    [InlineData("first-header", "is not a Hoist state archive: it is not a tar archive")]
    [InlineData("index-content", "index.json is truncated (20 of ")]
    [InlineData("metadata-header-missing", "state.json is missing (the archive ends after index.json)")]
    [InlineData("metadata-header", "the tar header of state.json is truncated or corrupt")]
    [InlineData("metadata-content", "state.json is truncated (10 of ")]
    [InlineData("layer-pax-header", "the tar header of state.tar.zst is truncated or corrupt")]
    [InlineData("layer-header", "the tar header of state.tar.zst is truncated or corrupt")]
    [InlineData("layer-content-start", "state.tar.zst is truncated (0 of ")]
    [InlineData("layer-content", "state.tar.zst is truncated (4096 of ")]
    [InlineData("layer-content-end", "state.tar.zst is truncated (LAST of ")]
    [InlineData("after-layer", "the tar archive is truncated after state.tar.zst")]
    [InlineData("end-marker", "the tar archive is truncated after state.tar.zst")]
    public async Task ExtractAsync_TruncatedAt_NamesTheCutPartAndCreatesNothing(string where, string message)
    {
        using var temp = new TempDirectory("state-corrupt");
        var layout = await Layout.WriteAsync(temp);
        var cut = where switch
        {
            "first-header" => 100,
            "index-content" => 512 + 20,
            "metadata-header-missing" => 1024,
            "metadata-header" => 1024 + 200,
            "metadata-content" => 1536 + 10,
            "layer-pax-header" => layout.PaxHeader + 200,
            "layer-header" => layout.LayerHeader + 300,
            "layer-content-start" => layout.LayerContent,
            "layer-content" => layout.LayerContent + 4096,
            "layer-content-end" => layout.LayerContent + layout.LayerLength - 1,
            "after-layer" => layout.LayerContent + layout.LayerLength,
            _ => layout.Bytes.Length - 512,
        };
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes[..(int)cut]);

        await AssertRefusedAsync(layout.Path, temp, message.Replace("LAST", (layout.LayerLength - 1).ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExtractAsync_FlippedByteInStateJson_SaysItDoesNotMatchItsDigest()
    {
        using var temp = new TempDirectory("state-corrupt");
        var layout = await Layout.WriteAsync(temp);
        layout.Bytes[1536 + 20] ^= 0x20;
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        await AssertRefusedAsync(layout.Path, temp, "state.json does not match its digest in index.json (expected sha256:");
    }

    [Fact]
    public async Task ExtractAsync_FlippedByteInIndexSyntax_SaysIndexIsNotJson()
    {
        using var temp = new TempDirectory("state-corrupt");
        var layout = await Layout.WriteAsync(temp);
        layout.Bytes[512] = (byte)'x'; // the opening '{'
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        await AssertRefusedAsync(layout.Path, temp, "index.json is not valid JSON");
    }

    [Fact]
    public async Task ExtractAsync_FlippedDigestDigitInIndex_SaysStateJsonDoesNotMatchIt()
    {
        using var temp = new TempDirectory("state-corrupt");
        var layout = await Layout.WriteAsync(temp);
        var at = 512 + Encoding.ASCII.GetString(layout.Bytes, 512, 200).IndexOf("sha256:", StringComparison.Ordinal) + 10;
        layout.Bytes[at] = layout.Bytes[at] == (byte)'a' ? (byte)'b' : (byte)'a';
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        await AssertRefusedAsync(layout.Path, temp, "state.json does not match its digest in index.json");
    }

    [Theory]
    [InlineData("index", "is not a Hoist state archive: its first tar header does not match its checksum")]
    [InlineData("metadata", "the tar header of state.json does not match its checksum")]
    [InlineData("layer-pax", "the tar header of state.tar.zst does not match its checksum")]
    [InlineData("layer", "the tar header of state.tar.zst does not match its checksum")]
    public async Task ExtractAsync_FlippedByteInHeader_NamesTheHeader(string which, string message)
    {
        using var temp = new TempDirectory("state-corrupt");
        var layout = await Layout.WriteAsync(temp);
        var header = which switch { "index" => 0, "metadata" => 1024, "layer-pax" => layout.PaxHeader, _ => layout.LayerHeader };
        layout.Bytes[header + 300] ^= 0x01; // the user name field: nothing but the checksum notices
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        await AssertRefusedAsync(layout.Path, temp, message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public async Task ExtractAsync_FlippedByteInLayer_SaysTheLayerDoesNotMatchItsDigest(double where)
    {
        using var temp = new TempDirectory("state-corrupt");
        var layout = await Layout.WriteAsync(temp);
        layout.Bytes[layout.LayerContent + (long)((layout.LayerLength - 1) * where)] ^= 0x01;
        await File.WriteAllBytesAsync(layout.Path, layout.Bytes);

        using (StateArchive.Open(layout.Path))
        {
            // Open reads no layer byte: the flip shows only when the layer is hashed.
        }

        await AssertRefusedAsync(layout.Path, temp, "state.tar.zst does not match its digest in state.json (expected sha256:");
    }

    [Fact]
    public async Task ExtractAsync_RandomBytes_SaysItIsNotATarArchive()
    {
        using var temp = new TempDirectory("state-corrupt");
        var path = temp.Combine("random.hstate");
        var bytes = new byte[65536];
        new Random(3).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        await AssertRefusedAsync(path, temp, $"{path} is not a Hoist state archive: it is not a tar archive");
    }

    [Fact]
    public async Task ExtractAsync_EmptyFile_SaysItIsEmpty()
    {
        using var temp = new TempDirectory("state-corrupt");
        var path = temp.Combine("empty.hstate");
        await File.WriteAllBytesAsync(path, []);

        await AssertRefusedAsync(path, temp, $"{path} is not a Hoist state archive: it is empty");
    }

    [Fact]
    public async Task ExtractAsync_HostileLayerWithRightDigests_RefusesTheEntry()
    {
        using var temp = new TempDirectory("state-corrupt");
        var path = temp.Combine("hostile.hstate");
        var layer = ForgedArchive.LayerWithFile("../../etc/cron.d/escape");
        await File.WriteAllBytesAsync(path, ForgedArchive.Build(ForgedArchive.MetadataFor(layer), layer));

        using (StateArchive.Open(path))
        {
            // Every digest and size agrees: only reading the entries finds it.
        }

        await AssertRefusedAsync(path, temp, "layer entry '../../etc/cron.d/escape': a path may not contain '..'");
        Assert.False(File.Exists(temp.Combine("../etc/cron.d/escape")));
    }

    [Fact]
    public async Task ExtractAsync_LayerCountsDifferFromStateJson_SaysTheContentDoesNotMatch()
    {
        using var temp = new TempDirectory("state-corrupt");
        var path = temp.Combine("edited.hstate");
        var layer = ForgedArchive.LayerWithFile("var/lib/app/file");
        await File.WriteAllBytesAsync(path, ForgedArchive.Build(ForgedArchive.MetadataFor(layer, entries: 5), layer));

        await AssertRefusedAsync(path, temp, "state layer content does not match state.json (diffId expected");
    }

    [Fact]
    public async Task ExtractAsync_StateJsonWithUnknownMode_SaysStateJsonIsInvalid()
    {
        using var temp = new TempDirectory("state-corrupt");
        var path = temp.Combine("edited.hstate");
        var layer = ForgedArchive.LayerWithFile("var/lib/app/file");
        var json = Encoding.UTF8.GetString(ForgedArchive.MetadataFor(layer)).Replace("\"stopped\"", "\"paused\"", StringComparison.Ordinal);
        await File.WriteAllBytesAsync(path, ForgedArchive.Build(Encoding.UTF8.GetBytes(json), layer));

        await AssertRefusedAsync(path, temp, $"{path}: state.json is invalid: ");
    }

    /// <summary>Open or VerifyAsync, and ExtractAsync, refuse <paramref name="path"/> with
    /// <paramref name="message"/> after the file's name, and the target is not created.</summary>
    internal static async Task AssertRefusedAsync(string path, TempDirectory temp, string message)
    {
        var verify = await Assert.ThrowsAsync<HoistException>(() => StateArchive.VerifyAsync(path, null, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, verify.Kind);
        Assert.StartsWith(path, verify.Message, StringComparison.Ordinal);
        Assert.Contains(message, verify.Message, StringComparison.Ordinal);

        var target = temp.Combine("restored");
        var extract = await Assert.ThrowsAsync<HoistException>(() => StateArchiveExtractor.ExtractAsync(path, target, null, CancellationToken.None));
        Assert.Equal(verify.Message, extract.Message);
        Assert.False(Directory.Exists(target), $"{target} was created");
    }

    /// <summary>Where things are in an archive that the writer wrote.</summary>
    private sealed record Layout(string Path, byte[] Bytes, long PaxHeader, long LayerHeader, long LayerContent, long LayerLength)
    {
        public static async Task<Layout> WriteAsync(TempDirectory temp)
        {
            var upper = PlainUpper.Create(temp.Combine("upper"), randomBytes: 20_000);
            var path = temp.Combine("state.hstate");
            await StateArchiveWriter.WriteAsync(upper, TestMetadata.Create(), path, null, CancellationToken.None);
            using var archive = StateArchive.Open(path);
            var metadataLength = StateJson.Serialize(archive.Metadata).Length;
            return new Layout(path, await File.ReadAllBytesAsync(path), 1536 + TarBlocks.Padded(metadataLength),
                archive.LayerOffset - 512, archive.LayerOffset, archive.Metadata.Layer!.Size);
        }
    }
}
