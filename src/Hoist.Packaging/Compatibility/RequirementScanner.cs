using Hoist.Packaging.Elf;
using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Compatibility;

/// <summary>Works out what a package needs of the OS it runs on from its ELF files, the way the
/// dynamic loader will see them (<see cref="ElfReader"/>).</summary>
public static class RequirementScanner
{
    private static readonly string[] LibraryDirectories = ["/lib", "/lib64", "/usr/lib", "/usr/lib64"];

    /// <summary>
    /// Reads every regular ELF file of <paramref name="files"/>. <see cref="Requirements.Architecture"/>
    /// is the Debian architecture of most of them (ties go to the first name in ordinal order; files
    /// of an unknown machine do not count), null when there are none.
    /// <para>With <paramref name="entryPoints"/> (the programs the package's services run), the main
    /// requirements are those of the entry points and of the plugins (shared objects outside the
    /// system library directories), followed through every library the package carries; what the
    /// other ELF files need besides goes to <see cref="Requirements.Others"/>. Without entry points,
    /// every ELF file counts. <see cref="Requirements.Glibc"/> is the newest GLIBC_x.y needed, and
    /// <see cref="Requirements.Libraries"/> every DT_NEEDED name that the package does not carry as a
    /// regular file or symlink, sorted ordinally. An entry point that is a #! script counts through
    /// its interpreter when the package carries it. Throws <see cref="FileNotFoundException"/> when a
    /// DiskPath names nothing.</para>
    /// </summary>
    public static Requirements Scan(IEnumerable<PackageFileRef> files, IEnumerable<string>? entryPoints = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var package = new PackageView(files);
        var roots = entryPoints is null
            ? package.Elves.Keys.ToList()
            : [.. entryPoints.Select(package.ResolveProgram).OfType<string>().Concat(package.Plugins()).Distinct(StringComparer.Ordinal)];
        var main = package.Closure(roots);
        var mainNeeds = Needs(main.Select(p => package.Elves[p]), package);
        var otherNeeds = Needs(package.Elves.Where(e => !main.Contains(e.Key)).Select(e => e.Value), package);
        var otherLibraries = otherNeeds.Libraries.Except(mainNeeds.Libraries, StringComparer.Ordinal).ToList();
        var otherGlibc = otherNeeds.Glibc is { } g && (mainNeeds.Glibc is null || g > mainNeeds.Glibc.Value) ? otherNeeds.Glibc : null;
        return new Requirements
        {
            Architecture = package.Elves.Values
                .Where(e => e.Architecture is not null)
                .GroupBy(e => e.Architecture!, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key)
                .FirstOrDefault(),
            Glibc = mainNeeds.Glibc?.ToString(),
            Libraries = mainNeeds.Libraries,
            Others = otherLibraries.Count == 0 && otherGlibc is null
                ? null
                : new OtherRequirements { Glibc = otherGlibc?.ToString(), Libraries = otherLibraries },
        };
    }

    private static (GlibcVersion? Glibc, List<string> Libraries) Needs(IEnumerable<ElfInfo> elves, PackageView package)
    {
        GlibcVersion? glibc = null;
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var elf in elves)
        {
            // A DT_NEEDED name with a slash is loaded by that path; its file name is what the package may carry.
            libraries.UnionWith(elf.Needed.Where(n => !package.Carries(Path.GetFileName(n))));
            foreach (var need in elf.VersionNeeds)
            {
                if (need.Version.StartsWith("GLIBC_", StringComparison.Ordinal) && GlibcVersion.TryParse(need.Version, out var version)
                    && (glibc is null || version > glibc.Value))
                {
                    glibc = version;
                }
            }
        }

        return (glibc, [.. libraries]);
    }

    /// <summary>The package's files as the loader sees them: ELF files by path, names it carries, links.</summary>
    private sealed class PackageView
    {
        private readonly Dictionary<string, PackageFileRef> _byPath = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _byName = new(StringComparer.Ordinal);

        public PackageView(IEnumerable<PackageFileRef> files)
        {
            foreach (var file in files)
            {
                _byPath[file.PathInPackage] = file;
                if (file.DiskPath is null && !file.IsSymlink)
                {
                    continue;
                }

                var name = Path.GetFileName(file.PathInPackage);
                if (!_byName.TryGetValue(name, out var paths))
                {
                    _byName[name] = paths = [];
                }

                paths.Add(file.PathInPackage);
                if (file.DiskPath is not null && ElfReader.TryRead(file.DiskPath) is { } elf)
                {
                    Elves[file.PathInPackage] = elf;
                }
            }
        }

        public Dictionary<string, ElfInfo> Elves { get; } = new(StringComparer.Ordinal);

        public bool Carries(string name) => _byName.ContainsKey(name);

        /// <summary>Shared objects outside the system library trees: plugins the app loads itself
        /// (/usr/lib/nginx/modules/*.so). Plugins of libraries (/usr/lib/x86_64-linux-gnu/krb5/plugins)
        /// load only with their library, which the closure reaches if anything needs it.</summary>
        public IEnumerable<string> Plugins() =>
            Elves.Where(e => e.Value.Type == ElfFileType.Dynamic && e.Value.Interpreter is null && !InLibraryTree(e.Key)).Select(e => e.Key);

        /// <summary>The ELF file a program path leads to inside the package (through symlinks and a #!
        /// interpreter), or null when the package does not carry it.</summary>
        public string? ResolveProgram(string path)
        {
            var resolved = Follow(path);
            if (resolved is null || Elves.ContainsKey(resolved))
            {
                return resolved;
            }

            var interpreter = Interpreter(_byPath[resolved].DiskPath);
            return interpreter is null ? null : ResolveProgram(interpreter);
        }

        /// <summary>Every ELF file reached from <paramref name="roots"/> through DT_NEEDED names the package carries.</summary>
        public HashSet<string> Closure(IEnumerable<string> roots)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<string>(roots);
            while (pending.TryDequeue(out var path))
            {
                if (!seen.Add(path))
                {
                    continue;
                }

                foreach (var needed in Elves[path].Needed.Select(Path.GetFileName).OfType<string>())
                {
                    foreach (var carried in _byName.GetValueOrDefault(needed) ?? [])
                    {
                        if (Follow(carried) is { } library && Elves.ContainsKey(library))
                        {
                            pending.Enqueue(library);
                        }
                    }
                }
            }

            return seen;
        }

        // Follows symlinks inside the package to a regular file; null when the chain leaves the package.
        private string? Follow(string path)
        {
            for (var hops = 0; hops < 40 && _byPath.TryGetValue(path, out var file); hops++)
            {
                if (file.DiskPath is not null)
                {
                    return path;
                }

                if (file.LinkTarget is not { } target)
                {
                    return null;
                }

                path = Normalize(target.StartsWith('/') ? target : Path.GetDirectoryName(path) + "/" + target);
            }

            return null;
        }

        private static string? Interpreter(string? diskPath)
        {
            if (diskPath is null)
            {
                return null;
            }

            using var reader = new StreamReader(diskPath);
            var line = reader.ReadLine();
            return line is not null && line.StartsWith("#!", StringComparison.Ordinal)
                ? line[2..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
                : null;
        }

        // The system library directories, and the multiarch tree /lib/<triplet>/..., /usr/lib/<triplet>/...
        private static bool InLibraryTree(string path)
        {
            var directory = Path.GetDirectoryName(path) ?? string.Empty;
            if (LibraryDirectories.Contains(directory))
            {
                return true;
            }

            foreach (var root in new[] { "/lib/", "/usr/lib/" })
            {
                if (directory.StartsWith(root, StringComparison.Ordinal)
                    && directory[root.Length..].Split('/')[0].EndsWith("-linux-gnu", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Normalize(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part == "..")
                {
                    if (parts.Count > 0)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                }
                else if (part != ".")
                {
                    parts.Add(part);
                }
            }

            return "/" + string.Join('/', parts);
        }
    }
}
