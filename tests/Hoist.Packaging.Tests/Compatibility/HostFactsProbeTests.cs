using Hoist.Core.Errors;
using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Elf;
using Hoist.Packaging.Tests.Elf;

namespace Hoist.Packaging.Tests.Compatibility;

public sealed class HostFactsProbeTests : IDisposable
{
    private const string HostLibc = "/usr/lib/x86_64-linux-gnu/libc.so.6";

    private readonly string _root = Directory.CreateTempSubdirectory("hoist-probe-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task FromRoot_BookwormStyleRoot_ReadsArchitectureGlibcAndLibraries()
    {
        BuildDebianRoot();

        // Entries the probe must skip or find.
        Link("usr/lib/x86_64-linux-gnu/libssl.so", "/usr/lib/x86_64-linux-gnu/libssl.so.3");
        Link("usr/lib/x86_64-linux-gnu/libgone.so.9", "libgone.so.9.0.0");
        Directory.CreateDirectory(Host("usr/lib/x86_64-linux-gnu/python3.so.d"));
        Write("usr/lib/x86_64-linux-gnu/notes.txt");
        Write("usr/lib/x86_64-linux-gnu/sub/libdeep.so.1");
        Write("usr/lib/libplain.so.0");
        Link("usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");

        // ld.so.conf: an include relative to /etc, a directory with a comment, a hwcap line.
        Write("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\ninclude extra/*.conf\n/opt/direct/lib  # direct\nhwcap 0 nosegneg\n");
        Write("etc/extra/extra.conf", "/opt/extra/lib\n");
        Write("opt/extra/lib/libextra.so.1");
        Write("opt/direct/lib/libdirect.so.1");
        Write("etc/ld.so.conf.d/custom.conf", "# custom\n/opt/custom/lib/\ninclude /etc/nested.conf\n");
        Write("opt/custom/lib/libcustom.so.2");
        Write("etc/nested.conf", "/opt/nested/lib\n");
        Write("opt/nested/lib/libnested.so.1");
        Write("etc/ld.so.conf.d/ignored.txt", "/opt/ignored/lib\n");
        Write("opt/ignored/lib/libignored.so.1");

        // Paths that on the host would lead to the host's own libraries: they must stay inside the root.
        Write("etc/ld.so.conf.d/x86_64-linux-gnu.conf", "/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n/../../../../usr/lib/x86_64-linux-gnu\n");
        Link("etc/ld.so.conf.d/linked.conf", "/opt/linked.conf");
        Write("opt/linked.conf", "/opt/escape\n");
        Link("opt/escape", "/usr/lib/x86_64-linux-gnu");

        var facts = HostFactsProbe.FromRoot("bookworm", _root);

        Assert.Equal("bookworm", facts.Name);
        Assert.Equal("amd64", facts.Architecture);
        Assert.Equal(await HostGlibcAsync(), facts.Glibc);
        Assert.Equal(
            ["ld-linux-x86-64.so.2", "libc.so.6", "libcustom.so.2", "libdirect.so.1", "libextra.so.1", "libgone.so.9", "libplain.so.0", "libssl.so", "libssl.so.3"],
            facts.Libraries);
    }

    [Fact]
    public async Task FromRoot_HostRoot_DescribesThisMachine()
    {
        var facts = HostFactsProbe.FromRoot("this machine", "/");

        Assert.Equal("amd64", facts.Architecture);
        Assert.Equal(await HostGlibcAsync(), facts.Glibc);
        Assert.Contains("libc.so.6", facts.Libraries);
        Assert.Contains("libz.so.1", facts.Libraries);
        Assert.Contains("libssl.so.3", facts.Libraries);
        Assert.Equal(facts.Libraries.Distinct().Order(StringComparer.Ordinal), facts.Libraries);
    }

    [Fact]
    public void FromRoot_EmptyDirectory_ThrowsNoBinSh()
    {
        var error = Assert.Throws<HoistException>(() => HostFactsProbe.FromRoot("empty", _root));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"no /bin/sh in {_root}: not an OS root filesystem", error.Message);
    }

    [Fact]
    public void FromRoot_HostShellOutsideRoot_IsNotUsed()
    {
        // An absolute /bin/sh link is resolved inside the root, where nothing is.
        Link("bin", "/usr/bin");

        var error = Assert.Throws<HoistException>(() => HostFactsProbe.FromRoot("broken", _root));

        Assert.Contains("no /bin/sh", error.Message);
    }

    [Fact]
    public void FromRoot_ScriptAsBinSh_ThrowsNotElf()
    {
        Write("bin/sh", "#!/bin/busybox sh\n");

        var error = Assert.Throws<HoistException>(() => HostFactsProbe.FromRoot("script", _root));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(_root, error.Message);
        Assert.Contains("not an ELF program", error.Message);
    }

    [Fact]
    public void FromRoot_NoLibc_ThrowsNamingTheRoot()
    {
        BuildDebianRoot();
        File.Delete(Host("usr/lib/x86_64-linux-gnu/libc.so.6"));

        var error = Assert.Throws<HoistException>(() => HostFactsProbe.FromRoot("nolibc", _root));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"no libc.so.6 for amd64 in {_root}: not a glibc OS root filesystem", error.Message);
    }

    [Fact]
    public async Task FromRoot_LibcOfAnotherArchitectureFirst_TakesTheOneOfBinSh()
    {
        BuildDebianRoot();
        File.Move(Host("usr/lib/x86_64-linux-gnu/libc.so.6"), Host("opt/amd64/libc.so.6.real"));
        Link("opt/amd64/libc.so.6", "/opt/amd64/libc.so.6.real");
        Write("etc/ld.so.conf.d/amd64.conf", "/opt/amd64\n");
        var i386 = new ElfImageBuilder { Bits = 32, Machine = 3, Soname = "libc.so.6", VersionDefinitions = ["GLIBC_2.0", "GLIBC_2.99"] };
        File.WriteAllBytes(Host("usr/lib/libc.so.6"), i386.Build());

        var facts = HostFactsProbe.FromRoot("multiarch", _root);

        Assert.Equal(await HostGlibcAsync(), facts.Glibc);
    }

    // /bin -> usr/bin, /lib -> usr/lib, /lib64 -> usr/lib64, sh -> dash, and a real libc.
    private void BuildDebianRoot()
    {
        Directory.CreateDirectory(Host("usr/bin"));
        Directory.CreateDirectory(Host("usr/lib64"));
        Directory.CreateDirectory(Host("usr/lib/x86_64-linux-gnu"));
        Directory.CreateDirectory(Host("opt/amd64"));
        File.Copy("/usr/bin/dash", Host("usr/bin/dash"));
        Link("usr/bin/sh", "dash");
        Link("bin", "usr/bin");
        Link("lib", "usr/lib");
        Link("lib64", "usr/lib64");
        File.Copy(HostLibc, Host("usr/lib/x86_64-linux-gnu/libc.so.6"));
        Write("usr/lib/x86_64-linux-gnu/libssl.so.3");
    }

    // The newest GLIBC_x.y that readelf says this machine's libc defines.
    private static async Task<string> HostGlibcAsync()
    {
        var readelf = await Readelf.RunAsync(HostLibc);
        return readelf.VersionDefinitions
            .Where(v => v.StartsWith("GLIBC_2", StringComparison.Ordinal))
            .Select(GlibcVersion.Parse)
            .Max()
            .ToString();
    }

    private string Host(string relative) => Path.Combine(_root, relative);

    private void Write(string relative, string content = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Host(relative))!);
        File.WriteAllText(Host(relative), content);
    }

    private void Link(string relative, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Host(relative))!);
        File.CreateSymbolicLink(Host(relative), target);
    }
}
