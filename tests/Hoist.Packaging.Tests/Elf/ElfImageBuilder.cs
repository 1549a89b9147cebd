using System.Buffers.Binary;
using System.Text;
using Hoist.Packaging.Elf;

namespace Hoist.Packaging.Tests.Elf;

/// <summary>
/// Writes small but complete dynamic ELF files of any class and byte order, laid out from the
/// ELF specification: header, program headers (PT_INTERP, one PT_LOAD mapping the whole file at
/// <see cref="BaseAddress"/>, PT_DYNAMIC), the interpreter path, a string table, the version
/// need and definition tables and the dynamic array. The overrides break one thing on purpose.
/// </summary>
internal sealed record ElfImageBuilder
{
    public const ulong BaseAddress = 0x10000;

    public int Bits { get; init; } = 64;

    public bool LittleEndian { get; init; } = true;

    public ushort Machine { get; init; } = 62;

    public ushort Type { get; init; } = 3;

    public string? Interpreter { get; init; }

    public IReadOnlyList<string> Needed { get; init; } = [];

    public string? Soname { get; init; }

    public IReadOnlyList<ElfVersionNeed> VersionNeeds { get; init; } = [];

    public IReadOnlyList<string> VersionDefinitions { get; init; } = [];

    /// <summary>When set, PT_DYNAMIC's p_offset.</summary>
    public ulong? DynamicOffsetOverride { get; init; }

    /// <summary>When set, the DT_STRTAB address.</summary>
    public ulong? StringTableAddressOverride { get; init; }

    /// <summary>When set, the DT_STRSZ value.</summary>
    public ulong? StringTableSizeOverride { get; init; }

    /// <summary>The offset just past the program header table, once built.</summary>
    public int ProgramHeadersEnd { get; private set; }

    public byte[] Build()
    {
        var is64 = Bits == 64;
        var word = is64 ? 8 : 4;
        var headerSize = is64 ? 64 : 52;
        var phentsize = is64 ? 56 : 32;
        var phnum = Interpreter is null ? 2 : 3;
        ProgramHeadersEnd = headerSize + (phentsize * phnum);

        // Strings first: every table refers to them by offset.
        var strings = new MemoryStream();
        strings.WriteByte(0);
        var offsets = new Dictionary<string, uint>();
        uint Str(string s)
        {
            if (!offsets.TryGetValue(s, out var at))
            {
                at = offsets[s] = (uint)strings.Length;
                strings.Write(Encoding.UTF8.GetBytes(s + "\0"));
            }

            return at;
        }

        var libraries = VersionNeeds.Select(n => n.Library).Distinct().ToList();
        var baseName = Soname ?? "crafted";
        foreach (var s in Needed.Concat(libraries).Concat(VersionNeeds.Select(n => n.Version)).Concat(VersionDefinitions).Append(baseName))
        {
            Str(s);
        }

        var interpAt = ProgramHeadersEnd;
        var interpBytes = Interpreter is null ? [] : Encoding.UTF8.GetBytes(Interpreter + "\0");
        var strtabAt = interpAt + interpBytes.Length;
        var verneedAt = Align(strtabAt + (int)strings.Length, 8);
        var verneedSize = (libraries.Count * 16) + (VersionNeeds.Count * 16);
        var verdefAt = verneedAt + verneedSize;
        var verdefCount = VersionDefinitions.Count == 0 ? 0 : VersionDefinitions.Count + 1;
        var dynamicAt = Align(verdefAt + (verdefCount * 28), 8);

        var dynamic = new List<(ulong Tag, ulong Value)>();
        dynamic.AddRange(Needed.Select(n => (1UL, (ulong)Str(n))));
        if (Soname is not null)
        {
            dynamic.Add((14, Str(Soname)));
        }

        dynamic.Add((5, StringTableAddressOverride ?? (BaseAddress + (ulong)strtabAt)));
        dynamic.Add((10, StringTableSizeOverride ?? (ulong)strings.Length));
        if (libraries.Count > 0)
        {
            dynamic.Add((0x6ffffffe, BaseAddress + (ulong)verneedAt));
            dynamic.Add((0x6fffffff, (ulong)libraries.Count));
        }

        if (verdefCount > 0)
        {
            dynamic.Add((0x6ffffffc, BaseAddress + (ulong)verdefAt));
            dynamic.Add((0x6ffffffd, (ulong)verdefCount));
        }

        dynamic.Add((0, 0));
        var dynamicSize = dynamic.Count * 2 * word;
        var image = new byte[dynamicAt + dynamicSize];
        var w = new Writer(image, LittleEndian, is64);

        // ELF header.
        "\u007fELF"u8.CopyTo(image);
        image[4] = (byte)(is64 ? 2 : 1);
        image[5] = (byte)(LittleEndian ? 1 : 2);
        image[6] = 1;
        w.U16(16, Type);
        w.U16(18, Machine);
        w.U32(20, 1);
        w.Word(is64 ? 32 : 28, (ulong)headerSize);
        w.U16(is64 ? 52 : 40, (ushort)headerSize);
        w.U16(is64 ? 54 : 42, (ushort)phentsize);
        w.U16(is64 ? 56 : 44, (ushort)phnum);

        var ph = headerSize;
        if (Interpreter is not null)
        {
            w.ProgramHeader(ph, 3, (ulong)interpAt, (ulong)interpBytes.Length);
            ph += phentsize;
        }

        w.ProgramHeader(ph, 1, 0, (ulong)image.Length);
        w.ProgramHeader(ph + phentsize, 2, DynamicOffsetOverride ?? (ulong)dynamicAt, (ulong)dynamicSize);

        interpBytes.CopyTo(image, interpAt);
        strings.ToArray().CopyTo(image, strtabAt);

        var at = verneedAt;
        foreach (var (library, index) in libraries.Select((l, i) => (l, i)))
        {
            var versions = VersionNeeds.Where(n => n.Library == library).ToList();
            var size = 16 + (16 * versions.Count);
            w.U16(at, 1);
            w.U16(at + 2, (ushort)versions.Count);
            w.U32(at + 4, Str(library));
            w.U32(at + 8, 16);
            w.U32(at + 12, index == libraries.Count - 1 ? 0 : (uint)size);
            for (var j = 0; j < versions.Count; j++)
            {
                var aux = at + 16 + (16 * j);
                w.U16(aux + 4, 0);
                w.U32(aux + 8, Str(versions[j].Version));
                w.U32(aux + 12, j == versions.Count - 1 ? 0 : 16u);
            }

            at += size;
        }

        for (var i = 0; i < verdefCount; i++)
        {
            var def = verdefAt + (28 * i);
            w.U16(def, 1);
            w.U16(def + 2, (ushort)(i == 0 ? 1 : 0));
            w.U16(def + 4, (ushort)(i + 1));
            w.U16(def + 6, 1);
            w.U32(def + 12, 20);
            w.U32(def + 16, i == verdefCount - 1 ? 0 : 28u);
            w.U32(def + 20, Str(i == 0 ? baseName : VersionDefinitions[i - 1]));
        }

        for (var i = 0; i < dynamic.Count; i++)
        {
            w.Word(dynamicAt + (i * 2 * word), dynamic[i].Tag);
            w.Word(dynamicAt + (i * 2 * word) + word, dynamic[i].Value);
        }

        return image;
    }

    private static int Align(int value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private readonly struct Writer(byte[] image, bool littleEndian, bool is64)
    {
        public void U16(int at, ushort value)
        {
            if (littleEndian)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(image.AsSpan(at), value);
            }
        }

        public void U32(int at, uint value)
        {
            if (littleEndian)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(at), value);
            }
        }

        public void Word(int at, ulong value)
        {
            if (!is64)
            {
                U32(at, (uint)value);
            }
            else if (littleEndian)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64BigEndian(image.AsSpan(at), value);
            }
        }

        // p_type, p_offset, p_vaddr = BaseAddress + p_offset, p_filesz = p_memsz.
        public void ProgramHeader(int at, uint type, ulong offset, ulong size)
        {
            U32(at, type);
            Word(at + (is64 ? 8 : 4), offset);
            Word(at + (is64 ? 16 : 8), BaseAddress + offset);
            Word(at + (is64 ? 24 : 12), BaseAddress + offset);
            Word(at + (is64 ? 32 : 16), size);
            Word(at + (is64 ? 40 : 20), size);
        }
    }
}
