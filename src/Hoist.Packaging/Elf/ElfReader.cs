using System.Text;
using Hoist.Core.Storage;
using Hoist.Linux;

namespace Hoist.Packaging.Elf;

/// <summary>Reads what the dynamic loader needs to know of an ELF file (see <see cref="ElfInfo"/>).</summary>
public static class ElfReader
{
    private const ushort PnXnum = 0xffff;

    /// <summary>
    /// Reads the ELF header, the program headers and, through PT_DYNAMIC, the dynamic section
    /// and the tables it names; nothing else of the file is read, however large it is. Returns
    /// null when <paramref name="path"/> is not an ELF file (too short, no magic number, an
    /// unknown class or byte order), when it is malformed (truncated, or a table or name outside
    /// the file or outside every loaded segment), when it is not a regular file after following
    /// symlinks (a directory, a FIFO: nothing is opened that could block), and when this
    /// process may not read it. Throws <see cref="FileNotFoundException"/> when nothing is at
    /// <paramref name="path"/> and <see cref="IOException"/> for other I/O errors.
    /// </summary>
    public static ElfInfo? TryRead(string path)
    {
        // Resolved as the kernel would (.. after a symlink leaves its target), not lexically.
        var real = RootPath.Resolve("/", Path.IsPathRooted(path) ? path : Environment.CurrentDirectory + "/" + path);
        var status = LinuxFiles.TryLStat(real) ?? throw new FileNotFoundException($"no file at {path}", path);
        if (status.Kind != FileKind.Regular)
        {
            return null;
        }

        try
        {
            using var handle = File.OpenHandle(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Parse(new ElfSource(handle));
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (ElfFormatException)
        {
            return null;
        }
    }

    private static ElfInfo Parse(ElfSource source)
    {
        if (source.Length < 16)
        {
            throw new ElfFormatException("too short for an ELF identification");
        }

        var ident = source.Read(0, 16, "the ELF identification");
        if (!ident.AsSpan(0, 4).SequenceEqual("\u007fELF"u8))
        {
            throw new ElfFormatException("no ELF magic number");
        }

        source.Is64 = ident[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new ElfFormatException($"unknown ELF class {ident[4]}"),
        };
        source.LittleEndian = ident[5] switch
        {
            1 => true,
            2 => false,
            _ => throw new ElfFormatException($"unknown ELF byte order {ident[5]}"),
        };

        // Elf32_Ehdr is 52 bytes, Elf64_Ehdr 64: the fields after e_entry are laid out alike,
        // shifted by the width of e_entry, e_phoff and e_shoff.
        var is64 = source.Is64;
        var header = source.Read(0, is64 ? 64 : 52, "the ELF header");
        var type = source.U16(header, 16);
        var machine = source.U16(header, 18);
        var phoff = source.Word(header, is64 ? 32 : 28);
        var shoff = source.Word(header, is64 ? 40 : 32);
        var phentsize = source.U16(header, is64 ? 54 : 42);
        int phnum = source.U16(header, is64 ? 56 : 44);
        if (phnum == PnXnum)
        {
            phnum = ProgramHeaderCountFromSectionZero(source, shoff);
        }

        var segments = ElfSegments.Read(source, phoff, phentsize, phnum);
        var dynamic = segments.Dynamic is { } d ? ElfDynamic.Read(source, segments, d) : null;
        return new ElfInfo
        {
            Bits = is64 ? 64 : 32,
            LittleEndian = source.LittleEndian,
            Machine = machine,
            Architecture = DebianArchitectures.FromMachine(machine, is64 ? 64 : 32, source.LittleEndian, ident[7]),
            Type = type is >= 1 and <= 4 ? (ElfFileType)type : ElfFileType.Unknown,
            Interpreter = segments.Interpreter is { } i ? ReadInterpreter(source, i) : null,
            Needed = dynamic?.Needed ?? [],
            Soname = dynamic?.Soname,
            VersionNeeds = dynamic?.VersionNeeds ?? [],
            VersionDefinitions = dynamic?.VersionDefinitions ?? [],
        };
    }

    // With 0xffff or more program headers, e_phnum holds PN_XNUM and the real count is the
    // sh_info of section header 0.
    private static int ProgramHeaderCountFromSectionZero(ElfSource source, ulong shoff)
    {
        var section = source.Read(shoff, source.Is64 ? 64 : 40, "section header 0");
        var count = source.U32(section, source.Is64 ? 44 : 28);
        return count <= int.MaxValue / 64 ? (int)count : throw new ElfFormatException($"{count} program headers");
    }

    // PT_INTERP holds a NUL-terminated path; a path longer than PATH_MAX is no path.
    private static string? ReadInterpreter(ElfSource source, ElfSegments.Segment interp)
    {
        if (interp.FileSize > 4096)
        {
            throw new ElfFormatException("the PT_INTERP segment is longer than a path");
        }

        var bytes = source.Read(interp.Offset, (int)interp.FileSize, "the PT_INTERP segment");
        var end = Array.IndexOf(bytes, (byte)0);
        var text = Encoding.UTF8.GetString(bytes, 0, end >= 0 ? end : bytes.Length);
        return text.Length > 0 ? text : null;
    }
}
