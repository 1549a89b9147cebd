using Hoist.Core.Processes;
using Hoist.Packaging.Elf;

namespace Hoist.Packaging.Tests.Elf;

public sealed class ElfReaderCraftedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hoist-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TryRead_CraftedLibrary_ReadsEveryField()
    {
        var path = Write(Library());

        var info = ElfReader.TryRead(path);

        Assert.NotNull(info);
        Assert.Equal(64, info.Bits);
        Assert.True(info.LittleEndian);
        Assert.Equal(62, info.Machine);
        Assert.Equal("amd64", info.Architecture);
        Assert.Equal(ElfFileType.Dynamic, info.Type);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", info.Interpreter);
        Assert.Equal(["libssl.so.3", "libc.so.6"], info.Needed);
        Assert.Equal("libfoo.so.1", info.Soname);
        Assert.Equal([new("libc.so.6", "GLIBC_2.2.5"), new("libc.so.6", "GLIBC_2.34"), new("libssl.so.3", "OPENSSL_3.0.0")], info.VersionNeeds);
        Assert.Equal(["FOO_1.0", "FOO_1.1"], info.VersionDefinitions);
    }

    [Fact]
    public void TryRead_Elf32BigEndian_ReadsEveryField()
    {
        // A 32-bit big-endian MIPS file (EM_MIPS = 8): no Debian architecture Hoist knows.
        var path = Write(Library(bits: 32, littleEndian: false, machine: 8));

        var info = ElfReader.TryRead(path);

        Assert.NotNull(info);
        Assert.Equal(32, info.Bits);
        Assert.False(info.LittleEndian);
        Assert.Equal(8, info.Machine);
        Assert.Null(info.Architecture);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", info.Interpreter);
        Assert.Equal(["libssl.so.3", "libc.so.6"], info.Needed);
        Assert.Equal("libfoo.so.1", info.Soname);
        Assert.Equal(3, info.VersionNeeds.Count);
        Assert.Equal(["FOO_1.0", "FOO_1.1"], info.VersionDefinitions);
    }

    [Theory]
    [InlineData(64, true, 62, "amd64")]
    [InlineData(64, true, 183, "arm64")]
    [InlineData(32, true, 3, "i386")]
    [InlineData(32, true, 40, "armhf")]
    [InlineData(64, true, 243, "riscv64")]
    [InlineData(64, true, 21, "ppc64el")]
    [InlineData(64, false, 21, null)]
    [InlineData(64, false, 22, "s390x")]
    [InlineData(32, true, 62, null)]
    public void TryRead_Machine_MapsToDebianArchitecture(int bits, bool littleEndian, int machine, string? expected)
    {
        var info = ElfReader.TryRead(Write(Library(bits, littleEndian, (ushort)machine)));

        Assert.NotNull(info);
        Assert.Equal(expected, info.Architecture);
    }

    [Fact]
    public void TryRead_RelocatableWithoutProgramHeaders_ReadsTheHeaderOnly()
    {
        var image = new ElfImageBuilder { Type = 1 }.Build();
        image[56] = 0; // e_phnum = 0: an object file has no program headers.
        image[57] = 0;

        var info = ElfReader.TryRead(Write(image));

        Assert.NotNull(info);
        Assert.Equal(ElfFileType.Relocatable, info.Type);
        Assert.Null(info.Interpreter);
        Assert.Empty(info.Needed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u007fEL")]
    [InlineData("#!/bin/sh\necho this is a script, not a program\n")]
    [InlineData("\u007fELF\u0003\u0001\u0001\0\0\0\0\0\0\0\0\0 and an unknown class")]
    public void TryRead_NotElf_ReturnsNull(string content)
    {
        var path = Path.Combine(_dir, "not-elf");
        File.WriteAllText(path, content);

        Assert.Null(ElfReader.TryRead(path));
    }

    [Fact]
    public void TryRead_TruncatedHeader_ReturnsNull()
    {
        Assert.Null(ElfReader.TryRead(Write(Library()[..40])));
        Assert.Null(ElfReader.TryRead(Write(Library(bits: 32)[..51])));
    }

    [Fact]
    public void TryRead_TruncatedAfterProgramHeaders_ReturnsNull()
    {
        var builder = Builder();
        var image = builder.Build();

        Assert.Null(ElfReader.TryRead(Write(image[..builder.ProgramHeadersEnd])));
        Assert.Null(ElfReader.TryRead(Write(image[..(builder.ProgramHeadersEnd - 1)])));
    }

    [Fact]
    public void TryRead_DynamicSectionPastTheEnd_ReturnsNull()
    {
        var image = Builder() with { DynamicOffsetOverride = 1 << 20 };

        Assert.Null(ElfReader.TryRead(Write(image.Build())));
    }

    [Fact]
    public void TryRead_StringTableOutsideEveryLoadedSegment_ReturnsNull()
    {
        Assert.Null(ElfReader.TryRead(Write((Builder() with { StringTableAddressOverride = 0x7000_0000 }).Build())));
        Assert.Null(ElfReader.TryRead(Write((Builder() with { StringTableAddressOverride = ElfImageBuilder.BaseAddress - 1 }).Build())));
    }

    [Fact]
    public void TryRead_NamePastTheStringTableSize_ReturnsNull()
    {
        Assert.Null(ElfReader.TryRead(Write((Builder() with { StringTableSizeOverride = 4 }).Build())));
    }

    [Fact]
    public void TryRead_HugeSparseFile_ReadsOnlyTheNeededRanges()
    {
        var path = Write(Library());
        using (var stream = File.OpenWrite(path))
        {
            stream.SetLength(8L << 30); // 8 GiB, sparse: nothing is written past the ELF image.
        }

        ElfReader.TryRead(Write(Library())); // Warm up: type loading allocates too.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var info = ElfReader.TryRead(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(info);
        Assert.Equal(["libssl.so.3", "libc.so.6"], info.Needed);
        Assert.True(allocated < 256 * 1024, $"reading the ELF headers allocated {allocated} bytes");
    }

    [Fact]
    public async Task TryRead_Fifo_ReturnsNullWithoutBlocking()
    {
        var fifo = Path.Combine(_dir, "fifo");
        await ProcessRunner.RunCheckedAsync(new ProcessSpec("mkfifo", fifo), "mkfifo", CancellationToken.None);

        var read = Task.Run(() => ElfReader.TryRead(fifo));

        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Null(await read);
    }

    [Fact]
    public void TryRead_DirectoryOrSymlinkToIt_ReturnsNull()
    {
        var link = Path.Combine(_dir, "link");
        File.CreateSymbolicLink(link, _dir);

        Assert.Null(ElfReader.TryRead(_dir));
        Assert.Null(ElfReader.TryRead(link));
    }

    [Fact]
    public void TryRead_SymlinkToElf_ReadsTheTarget()
    {
        var link = Path.Combine(_dir, "libfoo.so");
        File.CreateSymbolicLink(link, Path.GetFileName(Write(Library())));

        Assert.Equal("libfoo.so.1", ElfReader.TryRead(link)?.Soname);
    }

    [Fact]
    public void TryRead_DotDotAfterSymlinkedDirectory_LeavesTheTarget()
    {
        // dir/link -> sub/deeper, so dir/link/../lib.so is dir/sub/lib.so for the kernel,
        // while a lexical clean-up would look for dir/lib.so.
        Directory.CreateDirectory(Path.Combine(_dir, "sub/deeper"));
        File.WriteAllBytes(Path.Combine(_dir, "sub/lib.so"), Library());
        File.CreateSymbolicLink(Path.Combine(_dir, "link"), "sub/deeper");

        Assert.Equal("libfoo.so.1", ElfReader.TryRead(Path.Combine(_dir, "link/../lib.so"))?.Soname);
    }

    [Fact]
    public void TryRead_Missing_ThrowsFileNotFound()
    {
        var dangling = Path.Combine(_dir, "dangling");
        File.CreateSymbolicLink(dangling, "nowhere");

        Assert.Throws<FileNotFoundException>(() => ElfReader.TryRead(Path.Combine(_dir, "missing")));
        Assert.Throws<FileNotFoundException>(() => ElfReader.TryRead(dangling));
    }

    private static ElfImageBuilder Builder(int bits = 64, bool littleEndian = true, ushort machine = 62) => new()
    {
        Bits = bits,
        LittleEndian = littleEndian,
        Machine = machine,
        Interpreter = "/lib64/ld-linux-x86-64.so.2",
        Needed = ["libssl.so.3", "libc.so.6"],
        Soname = "libfoo.so.1",
        VersionNeeds = [new("libc.so.6", "GLIBC_2.2.5"), new("libc.so.6", "GLIBC_2.34"), new("libssl.so.3", "OPENSSL_3.0.0")],
        VersionDefinitions = ["FOO_1.0", "FOO_1.1"],
    };

    private static byte[] Library(int bits = 64, bool littleEndian = true, ushort machine = 62) => Builder(bits, littleEndian, machine).Build();

    private string Write(byte[] image)
    {
        var path = Path.Combine(_dir, $"elf-{Guid.NewGuid():n}");
        File.WriteAllBytes(path, image);
        return path;
    }
}
