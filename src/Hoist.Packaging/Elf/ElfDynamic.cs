namespace Hoist.Packaging.Elf;

/// <summary>
/// The dynamic section as the loader reads it: an array of (tag, value) pairs ending at DT_NULL,
/// whose string and version tables are named by virtual address. Only the tags Hoist needs are
/// kept; the names are read from DT_STRTAB, bounded by DT_STRSZ.
/// </summary>
internal sealed class ElfDynamic
{
    private const ulong DtNull = 0;
    private const ulong DtNeeded = 1;
    private const ulong DtStrtab = 5;
    private const ulong DtStrsz = 10;
    private const ulong DtSoname = 14;
    private const ulong DtVerdef = 0x6ffffffc;
    private const ulong DtVerdefnum = 0x6ffffffd;
    private const ulong DtVerneed = 0x6ffffffe;
    private const ulong DtVerneednum = 0x6fffffff;

    // A dynamic section holds a few dozen entries; this many means the table is garbage.
    private const int MaxEntries = 1 << 16;

    private readonly ElfSource _source;
    private readonly ulong _strings;
    private readonly ulong _stringsEnd;

    private ElfDynamic(ElfSource source, ulong strings, ulong stringsEnd)
    {
        _source = source;
        _strings = strings;
        _stringsEnd = stringsEnd;
    }

    public IReadOnlyList<string> Needed { get; private set; } = [];

    public string? Soname { get; private set; }

    public IReadOnlyList<ElfVersionNeed> VersionNeeds { get; private set; } = [];

    public IReadOnlyList<string> VersionDefinitions { get; private set; } = [];

    /// <summary>Reads the dynamic section that <paramref name="dynamic"/> holds and the tables it points to.</summary>
    public static ElfDynamic Read(ElfSource source, ElfSegments segments, ElfSegments.Segment dynamic)
    {
        var entrySize = source.Is64 ? 16 : 8;
        var count = (int)Math.Min(dynamic.FileSize / (ulong)entrySize, MaxEntries);
        var table = source.Read(dynamic.Offset, count * entrySize, "the dynamic section");

        var needed = new List<ulong>();
        ulong? soname = null, strtab = null, strsz = null, verneed = null, verdef = null;
        ulong verneedCount = ulong.MaxValue, verdefCount = ulong.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var tag = source.Word(table, i * entrySize);
            var value = source.Word(table, (i * entrySize) + (entrySize / 2));
            if (tag == DtNull)
            {
                break;
            }

            switch (tag)
            {
                case DtNeeded:
                    needed.Add(value);
                    break;
                case DtSoname:
                    soname ??= value;
                    break;
                case DtStrtab:
                    strtab ??= value;
                    break;
                case DtStrsz:
                    strsz ??= value;
                    break;
                case DtVerneed:
                    verneed ??= value;
                    break;
                case DtVerneednum:
                    verneedCount = value;
                    break;
                case DtVerdef:
                    verdef ??= value;
                    break;
                case DtVerdefnum:
                    verdefCount = value;
                    break;
            }
        }

        if (strtab is null)
        {
            // Without a string table there can be no names; a table that needs names is broken.
            return needed.Count > 0 || soname is not null || verneed is not null || verdef is not null
                ? throw new ElfFormatException("the dynamic section names libraries but has no DT_STRTAB")
                : new ElfDynamic(source, 0, 0);
        }

        var size = Math.Min(strsz ?? ulong.MaxValue, segments.BytesAvailable(strtab.Value));
        var strings = segments.FileOffset(strtab.Value, size, "the string table");
        var result = new ElfDynamic(source, strings, strings + size);
        result.Needed = [.. needed.Select(n => result.Name(n, "a DT_NEEDED name"))];
        result.Soname = soname is { } s ? result.Name(s, "the DT_SONAME") : null;
        var versions = new ElfSymbolVersions(source, segments, result.Name);
        result.VersionNeeds = verneed is { } vn ? versions.ReadNeeds(vn, verneedCount) : [];
        result.VersionDefinitions = verdef is { } vd ? versions.ReadDefinitions(vd, verdefCount) : [];
        return result;
    }

    /// <summary>The string at <paramref name="offset"/> in the string table.</summary>
    public string Name(ulong offset, string what)
    {
        if (offset >= _stringsEnd - _strings)
        {
            throw new ElfFormatException($"{what} is past the end of the string table");
        }

        return _source.ReadString(_strings + offset, _stringsEnd, what);
    }
}
