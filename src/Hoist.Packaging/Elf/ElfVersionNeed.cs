namespace Hoist.Packaging.Elf;

/// <summary>One GNU symbol version that an ELF file needs from a shared library (an entry of its
/// DT_VERNEED table): the dynamic loader refuses to start the program when the library found at
/// run time does not define that version.</summary>
/// <param name="Library">The library's file name as the DT_NEEDED entry names it ("libc.so.6").</param>
/// <param name="Version">The version name ("GLIBC_2.34", "OPENSSL_3.0.0").</param>
public readonly record struct ElfVersionNeed(string Library, string Version);
