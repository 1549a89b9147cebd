namespace Hoist.Packaging.Elf;

/// <summary>
/// The program headers that matter to the dynamic loader: the PT_LOAD segments (which say where
/// each virtual address of the running image comes from in the file), PT_INTERP and PT_DYNAMIC.
/// The dynamic section names its tables by virtual address, so this is what turns them into
/// file offsets.
/// </summary>
internal sealed class ElfSegments
{
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;

    private readonly List<Segment> _loads = [];

    /// <summary>The PT_INTERP segment, if any.</summary>
    public Segment? Interpreter { get; private set; }

    /// <summary>The PT_DYNAMIC segment, if any.</summary>
    public Segment? Dynamic { get; private set; }

    /// <summary>Reads <paramref name="count"/> program headers of <paramref name="entrySize"/>
    /// bytes each from <paramref name="offset"/>; the whole table must lie inside the file.</summary>
    public static ElfSegments Read(ElfSource source, ulong offset, int entrySize, int count)
    {
        var segments = new ElfSegments();
        if (count == 0)
        {
            return segments;
        }

        if (entrySize < (source.Is64 ? 56 : 32))
        {
            throw new ElfFormatException($"program headers of {entrySize} bytes are too small");
        }

        // 64 Ki headers of 64 bytes at most in practice; a larger table is garbage, not a file to read whole.
        var size = (long)entrySize * count;
        if (size > 16 << 20)
        {
            throw new ElfFormatException($"a program header table of {size} bytes");
        }

        var table = source.Read(offset, (int)size, "the program header table");
        for (var i = 0; i < count; i++)
        {
            var entry = table.AsSpan(i * entrySize, entrySize);
            var type = source.U32(entry, 0);

            // Elf32_Phdr: type, offset, vaddr, paddr, filesz, memsz, flags, align (4 bytes each).
            // Elf64_Phdr: type, flags (4 bytes), offset, vaddr, paddr, filesz, memsz, align (8 bytes).
            var segment = source.Is64
                ? new Segment(source.U64(entry, 8), source.U64(entry, 16), source.U64(entry, 32))
                : new Segment(source.U32(entry, 4), source.U32(entry, 8), source.U32(entry, 16));
            switch (type)
            {
                case PtLoad:
                    segments._loads.Add(segment);
                    break;
                case PtInterp:
                    segments.Interpreter ??= segment;
                    break;
                case PtDynamic:
                    segments.Dynamic ??= segment;
                    break;
            }
        }

        return segments;
    }

    /// <summary>The file offset of the <paramref name="size"/> bytes at virtual address
    /// <paramref name="address"/>, which must all come from the file part of one PT_LOAD segment.</summary>
    public ulong FileOffset(ulong address, ulong size, string what)
    {
        foreach (var load in _loads)
        {
            if (address < load.Address)
            {
                continue;
            }

            var delta = address - load.Address;
            if (delta <= load.FileSize && size <= load.FileSize - delta && delta <= ulong.MaxValue - load.Offset)
            {
                return load.Offset + delta;
            }
        }

        throw new ElfFormatException($"{what} at address 0x{address:x} is not in any loaded segment");
    }

    /// <summary>How many bytes from <paramref name="address"/> the file part of its PT_LOAD
    /// segment holds (0 when no segment holds it).</summary>
    public ulong BytesAvailable(ulong address)
    {
        foreach (var load in _loads)
        {
            if (address >= load.Address && address - load.Address < load.FileSize)
            {
                return load.FileSize - (address - load.Address);
            }
        }

        return 0;
    }

    /// <summary>One program header: where its bytes are in the file, where they go in memory.</summary>
    internal readonly record struct Segment(ulong Offset, ulong Address, ulong FileSize);
}
