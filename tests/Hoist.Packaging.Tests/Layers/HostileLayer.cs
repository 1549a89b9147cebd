using System.Formats.Tar;
using Hoist.Packaging.Layers;
using ZstdSharp;

namespace Hoist.Packaging.Tests.Layers;

/// <summary>Crafts layers that <see cref="LayerWriter"/> would never write, straight from
/// TarWriter (or raw header bytes) and zstd.</summary>
internal static class HostileLayer
{
    public static PaxTarEntry FileEntry(string name, string content = "", IDictionary<string, string>? pax = null) =>
        new(TarEntryType.RegularFile, name, pax ?? new Dictionary<string, string>())
        {
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        };

    public static PaxTarEntry DirectoryEntry(string name) => new(TarEntryType.Directory, name);

    public static PaxTarEntry SymlinkEntry(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static PaxTarEntry HardLinkEntry(string name, string target) => new(TarEntryType.HardLink, name) { LinkName = target };

    public static PaxTarEntry NodeEntry(TarEntryType type, string name) => new(type, name);

    /// <summary>The uncompressed tar of <paramref name="entries"/>, with its end-of-archive marker.</summary>
    public static byte[] Tar(params TarEntry[] entries)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return tar.ToArray();
    }

    /// <summary>The headers of one entry named <paramref name="rawName"/> exactly as given, which
    /// TarWriter would refuse (an empty name, for instance), followed by the end-of-archive marker.</summary>
    public static byte[] RawTar(string rawName)
    {
        var header = PaxHeaderWriter.Encode(rawName, (byte)'0', new LayerEntry { Path = "x", Kind = LayerEntryKind.File }, 0, null);
        return [.. header, .. new byte[1024]];
    }

    public static byte[] Compress(byte[] tar)
    {
        var output = new MemoryStream();
        using (var zstd = new CompressionStream(output, 3, leaveOpen: true))
        {
            zstd.Write(tar);
        }

        return output.ToArray();
    }

    public static byte[] Layer(params TarEntry[] entries) => Compress(Tar(entries));
}
