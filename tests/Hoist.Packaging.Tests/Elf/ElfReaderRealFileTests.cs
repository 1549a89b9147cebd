using Hoist.Packaging.Elf;

namespace Hoist.Packaging.Tests.Elf;

/// <summary>Reads this machine's own programs and libraries and checks every answer against
/// GNU readelf, which reads the section headers where <see cref="ElfReader"/> reads the
/// program headers and the dynamic section.</summary>
public sealed class ElfReaderRealFileTests
{
    private const string LibDir = "/usr/lib/x86_64-linux-gnu";

    [Fact]
    public async Task TryRead_BinLs_MatchesReadelf()
    {
        var info = ElfReader.TryRead("/bin/ls");

        Assert.NotNull(info);
        Assert.Equal(64, info.Bits);
        Assert.True(info.LittleEndian);
        Assert.Equal(62, info.Machine);
        Assert.Equal("amd64", info.Architecture);
        Assert.Equal(ElfFileType.Dynamic, info.Type);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", info.Interpreter);
        Assert.Contains("libc.so.6", info.Needed);
        Assert.Contains(info.VersionNeeds, n => n.Library == "libc.so.6" && n.Version == "GLIBC_2.2.5");
        await AssertMatchesReadelfAsync("/bin/ls", info);
    }

    [Fact]
    public async Task TryRead_Libc_DefinesTheGlibcVersionsReadelfLists()
    {
        var path = Path.Combine(LibDir, "libc.so.6");

        var info = ElfReader.TryRead(path);

        Assert.NotNull(info);
        Assert.Equal("libc.so.6", info.Soname);
        Assert.Contains("GLIBC_2.2.5", info.VersionDefinitions);
        Assert.Contains("GLIBC_PRIVATE", info.VersionDefinitions);
        Assert.DoesNotContain("libc.so.6", info.VersionDefinitions);
        Assert.Contains(info.VersionNeeds, n => n.Library == "ld-linux-x86-64.so.2");
        await AssertMatchesReadelfAsync(path, info);
    }

    [Theory]
    [InlineData("libz.so.1")]
    [InlineData("libssl.so.3")]
    [InlineData("libcrypto.so.3")]
    [InlineData("libm.so.6")]
    public async Task TryRead_LibraryWithSoname_MatchesReadelf(string name)
    {
        var path = Path.Combine(LibDir, name);

        var info = ElfReader.TryRead(path);

        Assert.NotNull(info);
        Assert.Equal(name, info.Soname);
        await AssertMatchesReadelfAsync(path, info);
    }

    [Fact]
    public async Task TryRead_SampleOfUsrBinAndLibraries_MatchesReadelf()
    {
        // Every seventh regular file: a spread of C, C++, Perl and Python programs and libraries.
        var files = Sample("/usr/bin", "*").Concat(Sample(LibDir, "*.so.*")).ToList();
        var elf = 0;
        await Parallel.ForEachAsync(files, async (path, _) =>
        {
            var info = ElfReader.TryRead(path);
            if (!HasElfMagic(path))
            {
                Assert.Null(info);
                return;
            }

            Assert.True(info is not null, $"{path} is ELF but was not read");
            await AssertMatchesReadelfAsync(path, info);
            Interlocked.Increment(ref elf);
        });

        Assert.True(elf >= 50, $"only {elf} ELF files in the sample");
    }

    [Fact]
    public void TryRead_ShellScript_ReturnsNull()
    {
        // /usr/bin/ldd is a bash script in Debian's libc-bin.
        Assert.Equal("#!"u8.ToArray(), File.ReadAllBytes("/usr/bin/ldd")[..2]);

        Assert.Null(ElfReader.TryRead("/usr/bin/ldd"));
    }

    [Theory]
    [InlineData("amd64", "amd64")]
    [InlineData("arm64", "arm64")]
    [InlineData("i386", "i386")]
    [InlineData("armhf", "armhf")]
    [InlineData("riscv64", "riscv64")]
    [InlineData("ppc64el", "ppc64el")]
    [InlineData("s390x", "s390x")]
    [InlineData("powerpc", null)]
    [InlineData("mips", null)]
    [InlineData("sparc", null)]
    [InlineData("m68k", null)]
    [InlineData("hppa", null)]
    [InlineData("ppc64", null)]
    [InlineData("mips64", null)]
    [InlineData("x32", null)]
    [InlineData("arm64ilp32", null)]
    [InlineData("alpha", null)]
    [InlineData("kfreebsd-amd64", null)]
    public async Task TryRead_ArchTestProgram_NamesItsDebianArchitecture(string program, string? expected)
    {
        // arch-test ships a tiny static program for each architecture Debian ever built:
        // real ELF32 and ELF64 files in both byte orders.
        var path = Path.Combine("/usr/lib/arch-test", program);
        Assert.True(File.Exists(path), $"{path} is missing: apt-get install -y arch-test");

        var info = ElfReader.TryRead(path);

        Assert.NotNull(info);
        Assert.Equal(expected, info.Architecture);
        Assert.Empty(info.Needed);
        await AssertMatchesReadelfAsync(path, info);
    }

    [Fact]
    public void TryRead_ArchTestBigEndianPrograms_ReadTheirHeaders()
    {
        var powerpc = ElfReader.TryRead("/usr/lib/arch-test/powerpc");
        var s390x = ElfReader.TryRead("/usr/lib/arch-test/s390x");

        Assert.NotNull(powerpc);
        Assert.Equal((32, false, 20, ElfFileType.Executable), (powerpc.Bits, powerpc.LittleEndian, powerpc.Machine, powerpc.Type));
        Assert.NotNull(s390x);
        Assert.Equal((64, false, 22, ElfFileType.Executable), (s390x.Bits, s390x.LittleEndian, s390x.Machine, s390x.Type));
    }

    private static async Task AssertMatchesReadelfAsync(string path, ElfInfo info)
    {
        var expected = await Readelf.RunAsync(path);

        Assert.Equal(expected.Class, $"ELF{info.Bits}");
        Assert.Equal(expected.Type, info.Type switch
        {
            ElfFileType.Relocatable => "REL",
            ElfFileType.Executable => "EXEC",
            ElfFileType.Dynamic => "DYN",
            ElfFileType.Core => "CORE",
            _ => "NONE",
        });
        Assert.Equal(expected.Interpreter, info.Interpreter);
        Assert.Equal(expected.Needed, info.Needed);
        Assert.Equal(expected.Soname, info.Soname);
        Assert.Equal(expected.VersionNeeds, info.VersionNeeds);
        Assert.Equal(expected.VersionDefinitions, info.VersionDefinitions);
    }

    private static IEnumerable<string> Sample(string directory, string pattern) =>
        new DirectoryInfo(directory).EnumerateFiles(pattern)
            .Where(f => f.LinkTarget is null)
            .Select(f => f.FullName)
            .Order(StringComparer.Ordinal)
            .Where((_, i) => i % 1 == 0);

    private static bool HasElfMagic(string path)
    {
        using var stream = File.OpenRead(path);
        var magic = new byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.AsSpan().SequenceEqual("\u007fELF"u8);
    }
}
