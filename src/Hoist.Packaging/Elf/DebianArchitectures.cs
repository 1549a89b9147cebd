namespace Hoist.Packaging.Elf;

/// <summary>Debian's names for the machines an ELF header names, and their multiarch triplets
/// (the directory names under /usr/lib where Debian puts an architecture's libraries).</summary>
internal static class DebianArchitectures
{
    /// <summary>The Debian architecture of ELF files for <paramref name="machine"/> with that class,
    /// byte order and OS ABI (EI_OSABI); null for a combination Debian does not release (x32,
    /// big-endian ppc64, ...) and for files built for another kernel (FreeBSD's OS ABI, 9): Linux
    /// files say System V (0) or, when they use GNU extensions, GNU (3).</summary>
    public static string? FromMachine(int machine, int bits, bool littleEndian, int osAbi) => osAbi is not (0 or 3) ? null : (machine, bits, littleEndian) switch
    {
        (62, 64, true) => "amd64",
        (183, 64, true) => "arm64",
        (3, 32, true) => "i386",
        (40, 32, true) => "armhf",
        (243, 64, true) => "riscv64",
        (21, 64, true) => "ppc64el",
        (22, 64, false) => "s390x",
        _ => null,
    };

    /// <summary>The multiarch triplet of a Debian architecture ("x86_64-linux-gnu" for amd64);
    /// null for an architecture not in <see cref="FromMachine"/>.</summary>
    public static string? Triplet(string architecture) => architecture switch
    {
        "amd64" => "x86_64-linux-gnu",
        "arm64" => "aarch64-linux-gnu",
        "i386" => "i386-linux-gnu",
        "armhf" => "arm-linux-gnueabihf",
        "riscv64" => "riscv64-linux-gnu",
        "ppc64el" => "powerpc64le-linux-gnu",
        "s390x" => "s390x-linux-gnu",
        _ => null,
    };
}
