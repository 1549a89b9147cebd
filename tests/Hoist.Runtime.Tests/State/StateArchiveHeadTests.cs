using System.Formats.Tar;
using Hoist.Runtime.State;
using Hoist.Testing;

namespace Hoist.Runtime.Tests.State;

/// <summary>The head the writer reserves before compressing the layer: TarReader (and so any tar)
/// must find the layer exactly where the writer put it, whatever state.json turned out to be.</summary>
public sealed class StateArchiveHeadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(511)]
    [InlineData(1500)]
    public void Build_MetadataShorterThanReserved_LayerStartsAtTheReservedOffset(int shorterBy)
    {
        var reserved = new byte[3000];
        var metadata = new byte[reserved.Length - shorterBy];
        var index = new byte[120];
        var length = StateArchiveHead.ReservedLength(index.Length, reserved.Length);

        var head = StateArchiveHead.Build(index, metadata, 4096, length);

        Assert.Equal(("state.tar.zst", 4096L, length), ReadEntries(head, 4096)[2]);
    }

    [Fact]
    public void Build_LayerBeyondWhatUstarHolds_PaxRecordGivesItsSize()
    {
        var size = 10L << 30;
        var length = StateArchiveHead.ReservedLength(120, 900);

        var head = StateArchiveHead.Build(new byte[120], new byte[900], size, length);

        var entries = ReadEntries(head, size);
        Assert.Equal(["index.json", "state.json", "state.tar.zst"], entries.Select(e => e.Name));
        Assert.Equal(("state.tar.zst", size, length), entries[2]);
        foreach (var header in new[] { 0, 1024, 1024 + 512 + 1024, length - 512 }) // index.json, state.json (900 bytes), PAX, layer
        {
            Assert.True(TarBlocks.HasValidChecksum(head.AsSpan((int)header, 512)), $"the header at {header}");
        }
    }

    [Fact]
    public void Build_LessRoomThanNeeded_Throws()
    {
        var length = StateArchiveHead.ReservedLength(120, 900);

        Assert.Throws<InvalidOperationException>(() => StateArchiveHead.Build(new byte[120], new byte[1500], 1, length));
    }

    /// <summary>The name, length and content offset of the entries a TarReader finds in a head
    /// followed by a layer of <paramref name="layerSize"/> zero bytes (a sparse file).</summary>
    private static List<(string Name, long Length, long DataOffset)> ReadEntries(byte[] head, long layerSize)
    {
        using var temp = new TempDirectory("state-head");
        using var file = new FileStream(temp.Combine("archive"), FileMode.CreateNew, FileAccess.ReadWrite);
        file.Write(head);
        file.SetLength(head.Length + layerSize + 1024);
        file.Position = 0;
        using var reader = new TarReader(file, leaveOpen: true);
        var entries = new List<(string, long, long)>();
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            entries.Add((entry.Name, entry.Length, entry.DataOffset));
        }

        return entries;
    }
}
