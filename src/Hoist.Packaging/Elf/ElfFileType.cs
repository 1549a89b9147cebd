namespace Hoist.Packaging.Elf;

/// <summary>The object file type of an ELF file (its e_type), as the ELF specification numbers it.</summary>
public enum ElfFileType
{
    /// <summary>ET_NONE, or a type reserved to an OS or a processor.</summary>
    Unknown = 0,

    /// <summary>ET_REL: an object file to link (a .o, a kernel module).</summary>
    Relocatable = 1,

    /// <summary>ET_EXEC: an executable loaded at a fixed address.</summary>
    Executable = 2,

    /// <summary>ET_DYN: a shared library, or a position-independent executable (most Debian programs).</summary>
    Dynamic = 3,

    /// <summary>ET_CORE: a core dump.</summary>
    Core = 4,
}
