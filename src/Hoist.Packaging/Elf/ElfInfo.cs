namespace Hoist.Packaging.Elf;

/// <summary>
/// What the dynamic loader sees of an ELF file: its class, byte order, machine, type, program
/// interpreter, and from its dynamic section the libraries it needs, its own soname, and the
/// GNU symbol versions it needs and defines. All of it comes from program headers and the
/// dynamic section, so a stripped file (no section headers to speak of) gives the same answer.
/// </summary>
public sealed record ElfInfo
{
    /// <summary>32 or 64 (EI_CLASS).</summary>
    public required int Bits { get; init; }

    /// <summary>True for ELFDATA2LSB, false for ELFDATA2MSB (EI_DATA).</summary>
    public required bool LittleEndian { get; init; }

    /// <summary>The e_machine number (62 for x86-64, 183 for AArch64, ...).</summary>
    public required int Machine { get; init; }

    /// <summary>The Debian architecture name of <see cref="Machine"/> (amd64, arm64, i386,
    /// armhf, riscv64, ppc64el, s390x); null for a machine Hoist does not know, or a file built
    /// for another kernel than Linux.</summary>
    public string? Architecture { get; init; }

    public required ElfFileType Type { get; init; }

    /// <summary>The program interpreter (PT_INTERP: "/lib64/ld-linux-x86-64.so.2"); null for a
    /// shared library or a static program.</summary>
    public string? Interpreter { get; init; }

    /// <summary>The DT_NEEDED names, in the order the loader loads them; empty for a static file.</summary>
    public IReadOnlyList<string> Needed { get; init; } = [];

    /// <summary>The DT_SONAME of a shared library ("libc.so.6"); null when it has none.</summary>
    public string? Soname { get; init; }

    /// <summary>The symbol versions needed from other libraries (DT_VERNEED), in file order.</summary>
    public IReadOnlyList<ElfVersionNeed> VersionNeeds { get; init; } = [];

    /// <summary>The symbol versions this file defines (DT_VERDEF) in file order, without the
    /// base entry that only repeats the file's soname: GLIBC_2.2.5 ... GLIBC_2.36 for a libc.so.6.</summary>
    public IReadOnlyList<string> VersionDefinitions { get; init; } = [];
}
