namespace Hoist.Runtime.State;

/// <summary>
/// Everything in a state archive before the layer's content: index.json and state.json with
/// their headers, then the layer's PAX and ustar headers. The writer compresses the layer straight
/// into the archive at a reserved offset, before state.json (which holds the layer's digest) can
/// exist; it reserves room for the largest state.json the metadata can give, and the PAX header's
/// comment record takes up what state.json leaves unused. So the layer is written once, in place,
/// and the archive needs no more disk space than its own size.
/// </summary>
internal static class StateArchiveHead
{
    private const int Block = TarBlocks.BlockSize;

    /// <summary>The head's length when index.json and state.json are at most these lengths: their
    /// headers and padded content, then the layer's PAX header, one block of PAX records, and its
    /// ustar header.</summary>
    public static long ReservedLength(long maxIndexLength, long maxMetadataLength) =>
        Block + TarBlocks.Padded(maxIndexLength) + Block + TarBlocks.Padded(maxMetadataLength) + (3 * Block);

    /// <summary>The head's bytes, exactly <paramref name="length"/> of them (a value from
    /// <see cref="ReservedLength"/> for lengths at least those of <paramref name="index"/> and
    /// <paramref name="metadata"/>), for a layer of <paramref name="layerSize"/> bytes that follows it.</summary>
    public static byte[] Build(byte[] index, byte[] metadata, long layerSize, long length)
    {
        var fixedLength = Block + TarBlocks.Padded(index.Length) + Block + TarBlocks.Padded(metadata.Length) + Block + Block;
        var paxLength = length - fixedLength;
        if (paxLength < Block || paxLength % Block != 0)
        {
            throw new InvalidOperationException($"the archive head needs {fixedLength + Block} bytes, {length} were reserved");
        }

        using var head = new MemoryStream((int)length);
        Append(head, TarBlocks.Header(StateArchiveNames.Index, index.Length, '0'), index);
        Append(head, TarBlocks.Header(StateArchiveNames.Metadata, metadata.Length, '0'), metadata);
        Append(head, TarBlocks.Header("PaxHeaders/" + StateArchiveNames.Layer, paxLength, 'x'), TarBlocks.PaxRecords(layerSize, paxLength));
        head.Write(TarBlocks.Header(StateArchiveNames.Layer, layerSize, '0'));
        return head.Length == length
            ? head.ToArray()
            : throw new InvalidOperationException($"the archive head is {head.Length} bytes, expected {length}");
    }

    private static void Append(MemoryStream head, byte[] header, byte[] content)
    {
        head.Write(header);
        head.Write(content);
        head.Write(TarBlocks.Zeros.Span[..TarBlocks.Padding(content.Length)]);
    }
}
