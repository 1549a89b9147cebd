using Hoist.Core.Storage;
using Hoist.Packaging.Compatibility;

namespace Hoist.Library.Images;

/// <summary>An OS image in the library: a root filesystem and the facts read off it.</summary>
public sealed record ImageRecord
{
    public required string Name { get; init; }

    /// <summary>The Debian release it was built from (bookworm), or its codename when imported.</summary>
    public string? Release { get; init; }

    /// <summary>Where it came from: "debootstrap bookworm MIRROR" or "import PATH".</summary>
    public required string Source { get; init; }

    public required OsRelease Os { get; init; }

    /// <summary>Debian architecture name (amd64).</summary>
    public required string Architecture { get; init; }

    /// <summary>The highest GLIBC_x.y version its libc defines ("2.36").</summary>
    public string? Glibc { get; init; }

    /// <summary>The shared library file names found in its library directories.</summary>
    public required IReadOnlyList<string> Libraries { get; init; }

    /// <summary>The digest of its root tree (see <see cref="TreeDigest"/>) when it was added.</summary>
    public required Digest Digest { get; init; }

    /// <summary>Bytes in its regular files.</summary>
    public long Size { get; init; }

    /// <summary>Entries in its tree.</summary>
    public long Files { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>The directory holding its root filesystem.</summary>
    public required string RootPath { get; init; }

    /// <summary>"Debian GNU/Linux 12 (bookworm)", or the name when os-release says nothing.</summary>
    public string Description => Os.PrettyName ?? Name;

    /// <summary>What a package placed on this image can count on.</summary>
    public HostFacts ToHostFacts() => new(Name, Architecture, Glibc, Libraries);
}
