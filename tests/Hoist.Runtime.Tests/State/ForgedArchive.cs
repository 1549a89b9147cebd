using System.Formats.Tar;
using System.Text;
using Hoist.Core.Storage;
using Hoist.Runtime.State;
using ZstdSharp;

namespace Hoist.Runtime.Tests.State;

/// <summary>State archives made byte for byte, consistent in their digests and sizes, for what the
/// writer never writes: a hostile layer, a state.json that a hand edited.</summary>
internal static class ForgedArchive
{
    /// <summary>An archive of <paramref name="metadataJson"/> and <paramref name="layer"/>, laid out as the writer lays it out.</summary>
    public static byte[] Build(byte[] metadataJson, byte[] layer)
    {
        var index = new StateIndex(Digest.Of(metadataJson), metadataJson.Length).ToUtf8();
        var headLength = StateArchiveHead.ReservedLength(index.Length, metadataJson.Length);
        var archive = new MemoryStream();
        archive.Write(StateArchiveHead.Build(index, metadataJson, layer.Length, headLength));
        archive.Write(layer);
        archive.Write(new byte[TarBlocks.Padding(layer.Length) + (2 * TarBlocks.BlockSize)]);
        return archive.ToArray();
    }

    /// <summary>state.json for <paramref name="layer"/>, its digest and size right, its other layer fields as given.</summary>
    public static byte[] MetadataFor(byte[] layer, long entries = 1) => StateJson.Serialize(TestMetadata.Create() with
    {
        Created = DateTimeOffset.UnixEpoch,
        Root = new StateRoot { Mode = 0x1ED },
        Layer = new Packaging.Manifests.LayerInfo
        {
            Digest = Digest.Of(layer).ToString(),
            Size = layer.Length,
            DiffId = Digest.Of([]).ToString(),
            Entries = entries,
        },
    });

    /// <summary>A zstd-compressed tar holding one regular file named <paramref name="name"/>, whatever it is.</summary>
    public static byte[] LayerWithFile(string name)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("escaped\n")) });
        }

        using var compressor = new Compressor();
        return compressor.Wrap(tar.ToArray()).ToArray();
    }
}
