using Hoist.Packaging.Elf;
using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Compatibility;

/// <summary>Works out what a package needs of the OS it runs on from its ELF files, the way the
/// dynamic loader will see them (<see cref="ElfReader"/>).</summary>
public static class RequirementScanner
{
    /// <summary>
    /// Reads every regular file of <paramref name="files"/> (those with a
    /// <see cref="PackageFileRef.DiskPath"/>) that is ELF. <see cref="Requirements.Architecture"/>
    /// is the Debian architecture of most of them (ties go to the first name in ordinal order;
    /// files of an unknown machine, BPF objects for instance, do not count), null when there are
    /// none; <see cref="Requirements.Glibc"/> the newest GLIBC_x.y any of them needs, null when
    /// none does; <see cref="Requirements.Libraries"/> every DT_NEEDED name whose file name is
    /// not that of a regular file or symlink in the package, sorted ordinally, each once.
    /// Throws <see cref="FileNotFoundException"/> when a DiskPath names nothing.
    /// </summary>
    public static Requirements Scan(IEnumerable<PackageFileRef> files)
    {
        ArgumentNullException.ThrowIfNull(files);

        var carried = new HashSet<string>(StringComparer.Ordinal);
        var needed = new List<string>();
        var architectures = new Dictionary<string, int>(StringComparer.Ordinal);
        GlibcVersion? glibc = null;
        foreach (var file in files)
        {
            if (file.DiskPath is not null || file.IsSymlink)
            {
                carried.Add(Path.GetFileName(file.PathInPackage));
            }

            if (file.DiskPath is null || ElfReader.TryRead(file.DiskPath) is not { } elf)
            {
                continue;
            }

            if (elf.Architecture is { } architecture)
            {
                architectures[architecture] = architectures.GetValueOrDefault(architecture) + 1;
            }

            needed.AddRange(elf.Needed);
            foreach (var need in elf.VersionNeeds)
            {
                if (need.Version.StartsWith("GLIBC_", StringComparison.Ordinal) && GlibcVersion.TryParse(need.Version, out var version)
                    && (glibc is null || version > glibc.Value))
                {
                    glibc = version;
                }
            }
        }

        return new Requirements
        {
            Architecture = architectures
                .OrderByDescending(a => a.Value)
                .ThenBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => a.Key)
                .FirstOrDefault(),
            Glibc = glibc?.ToString(),

            // A DT_NEEDED name with a slash is loaded by that path; its file name is what the package may carry.
            Libraries = [.. needed.Where(n => !carried.Contains(Path.GetFileName(n))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }
}
