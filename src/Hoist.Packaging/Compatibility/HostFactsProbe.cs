using System.IO.Enumeration;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Packaging.Elf;

namespace Hoist.Packaging.Compatibility;

/// <summary>Reads the <see cref="HostFacts"/> of an OS root filesystem from its own files: every
/// path is resolved inside the root (<see cref="RootPath"/>), never against the host's.</summary>
public static class HostFactsProbe
{
    // The loader's trusted directories, and where Debian links them (/lib -> usr/lib since bookworm).
    private static readonly string[] StandardDirectories = ["/lib", "/usr/lib", "/lib64", "/usr/lib64"];

    /// <summary>
    /// Probes the root filesystem at <paramref name="rootfs"/>, naming the result
    /// <paramref name="name"/>. The architecture is that of the ELF program /bin/sh; glibc is the
    /// newest GLIBC_x.y that libc.so.6 (of that architecture) defines; the libraries are the
    /// names matching *.so or *.so.* of the files and symlinks directly in /lib/TRIPLET,
    /// /usr/lib/TRIPLET, /lib, /usr/lib, /lib64, /usr/lib64 and the directories that
    /// /etc/ld.so.conf and /etc/ld.so.conf.d/*.conf list, each real directory read once.
    /// Throws <see cref="ErrorKind.InvalidArgument"/> naming the root when /bin/sh is missing or
    /// not an ELF program of a known architecture, or when no libc.so.6 of that architecture is
    /// in those directories.
    /// </summary>
    public static HostFacts FromRoot(string name, string rootfs)
    {
        const string Hint = "give the root directory of a Debian OS image (the one holding bin, etc, lib and usr)";
        var sh = RootPath.Resolve(rootfs, "/bin/sh");
        if (!File.Exists(sh))
        {
            throw HoistException.InvalidArgument($"no /bin/sh in {rootfs}: not an OS root filesystem", Hint);
        }

        var shell = ElfReader.TryRead(sh)
            ?? throw HoistException.InvalidArgument($"/bin/sh in {rootfs} is not an ELF program: not an OS root filesystem", Hint);
        var architecture = shell.Architecture
            ?? throw HoistException.InvalidArgument($"/bin/sh in {rootfs} is built for ELF machine {shell.Machine}, an architecture Hoist does not know");

        var directories = LibraryDirectories(rootfs, architecture);
        var libc = FindLibc(rootfs, directories, architecture)
            ?? throw HoistException.InvalidArgument($"no libc.so.6 for {architecture} in {rootfs}: not a glibc OS root filesystem", Hint);
        var glibc = libc.VersionDefinitions
            .Where(v => v.StartsWith("GLIBC_", StringComparison.Ordinal))
            .Select(v => GlibcVersion.TryParse(v, out var version) ? version : (GlibcVersion?)null)
            .Max();

        var libraries = directories.SelectMany(d => LibraryNames(d.HostPath)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new HostFacts(name, architecture, glibc?.ToString(), [.. libraries]);
    }

    /// <summary>
    /// What <see cref="FromRoot"/> reads, as paths on this machine: /bin/sh, the loader's
    /// configuration and cache, and the library directories (those that exist). A change to what it
    /// would find changes one of these (a library added or removed changes its directory; ldconfig
    /// replaces the cache). Cheap: reads /bin/sh's ELF header and the ld.so.conf files.
    /// </summary>
    public static IReadOnlyList<string> Inputs(string rootfs)
    {
        var paths = new List<string>();
        foreach (var file in new[] { "/bin/sh", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d" })
        {
            paths.Add(RootPath.Resolve(rootfs, file));
        }

        if (ElfReader.TryRead(paths[0])?.Architecture is { } architecture)
        {
            paths.AddRange(LibraryDirectories(rootfs, architecture).Select(d => d.HostPath));
        }

        return paths;
    }

    // The library directories that exist, in the image's terms and on the host, first seen first,
    // each real directory once.
    private static List<(string ImagePath, string HostPath)> LibraryDirectories(string rootfs, string architecture)
    {
        var triplet = DebianArchitectures.Triplet(architecture);
        IEnumerable<string> candidates = triplet is null ? [] : [$"/lib/{triplet}", $"/usr/lib/{triplet}"];
        candidates = candidates.Concat(StandardDirectories).Concat(LdSoConf.Directories(rootfs));

        var result = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in candidates)
        {
            var host = RootPath.Resolve(rootfs, directory);
            if (Directory.Exists(host) && seen.Add(host))
            {
                result.Add((directory, host));
            }
        }

        return result;
    }

    private static ElfInfo? FindLibc(string rootfs, List<(string ImagePath, string HostPath)> directories, string architecture)
    {
        foreach (var (directory, _) in directories)
        {
            var path = RootPath.Resolve(rootfs, directory + "/libc.so.6");
            if (File.Exists(path) && ElfReader.TryRead(path) is { } libc && libc.Architecture == architecture)
            {
                return libc;
            }
        }

        return null;
    }

    // Files and symlinks (whatever they point to) named like a shared library, directly in the directory.
    private static IEnumerable<string> LibraryNames(string hostDirectory)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        return new FileSystemEnumerable<string>(hostDirectory, (ref FileSystemEntry entry) => entry.FileName.ToString(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) =>
                IsLibraryName(entry.FileName) && (!entry.IsDirectory || (entry.Attributes & FileAttributes.ReparsePoint) != 0),
        };
    }

    private static bool IsLibraryName(ReadOnlySpan<char> name) =>
        name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal);
}
