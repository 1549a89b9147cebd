namespace Hoist.Packaging.Elf;

/// <summary>
/// Walks the GNU symbol version tables. Both are linked lists whose links are byte distances:
/// DT_VERNEED holds one Elf_Verneed per library (16 bytes in both classes) followed by its
/// Elf_Vernaux entries (16 bytes), and DT_VERDEF one Elf_Verdef per version (20 bytes) followed
/// by its Elf_Verdaux names (8 bytes), the first of which is the version's own name.
/// </summary>
internal sealed class ElfSymbolVersions(ElfSource source, ElfSegments segments, Func<ulong, string, string> name)
{
    // VER_FLG_BASE marks the definition that only names the file itself.
    private const ushort VerFlagBase = 0x1;

    // Both tables hold tens of entries; past this many the links go round in circles.
    private const int MaxEntries = 1 << 16;

    /// <summary>The version needs in file order, at most <paramref name="count"/> libraries
    /// (DT_VERNEEDNUM; <see cref="ulong.MaxValue"/> when absent, to walk until the last link).</summary>
    public IReadOnlyList<ElfVersionNeed> ReadNeeds(ulong address, ulong count)
    {
        var result = new List<ElfVersionNeed>();
        var seen = 0;
        for (ulong i = 0; i < count; i++)
        {
            var need = Entry(address, 16, "a version need", ref seen);
            CheckRevision(source.U16(need, 0), "version need");
            var auxCount = source.U16(need, 2);
            var library = name(source.U32(need, 4), "a version need's library");

            var auxAddress = Advance(address, source.U32(need, 8));
            for (var j = 0; j < auxCount; j++)
            {
                var aux = Entry(auxAddress, 16, "a version need entry", ref seen);
                result.Add(new ElfVersionNeed(library, name(source.U32(aux, 8), "a needed version's name")));
                var nextAux = source.U32(aux, 12);
                if (nextAux == 0)
                {
                    break;
                }

                auxAddress = Advance(auxAddress, nextAux);
            }

            var next = source.U32(need, 12);
            if (next == 0)
            {
                break;
            }

            address = Advance(address, next);
        }

        return result;
    }

    /// <summary>The names of the versions defined, in file order, without the base definition;
    /// at most <paramref name="count"/> definitions (DT_VERDEFNUM, or <see cref="ulong.MaxValue"/>).</summary>
    public IReadOnlyList<string> ReadDefinitions(ulong address, ulong count)
    {
        var result = new List<string>();
        var seen = 0;
        for (ulong i = 0; i < count; i++)
        {
            var definition = Entry(address, 20, "a version definition", ref seen);
            CheckRevision(source.U16(definition, 0), "version definition");
            var flags = source.U16(definition, 2);
            var auxCount = source.U16(definition, 6);
            if ((flags & VerFlagBase) == 0 && auxCount > 0)
            {
                var aux = Entry(Advance(address, source.U32(definition, 12)), 8, "a version definition name", ref seen);
                result.Add(name(source.U32(aux, 0), "a defined version's name"));
            }

            var next = source.U32(definition, 16);
            if (next == 0)
            {
                break;
            }

            address = Advance(address, next);
        }

        return result;
    }

    private byte[] Entry(ulong address, int size, string what, ref int seen)
    {
        if (++seen > MaxEntries)
        {
            throw new ElfFormatException($"the symbol version tables have more than {MaxEntries} entries");
        }

        return source.Read(segments.FileOffset(address, (ulong)size, what), size, what);
    }

    private static ulong Advance(ulong address, uint distance) =>
        distance <= ulong.MaxValue - address ? address + distance : throw new ElfFormatException("a version table link points past the address space");

    // Only revision 1 exists; the loader refuses any other, and so do we.
    private static void CheckRevision(ushort revision, string what)
    {
        if (revision != 1)
        {
            throw new ElfFormatException($"{what} of revision {revision} is not supported");
        }
    }
}
