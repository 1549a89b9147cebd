namespace Hoist.Packaging.Manifests;

/// <summary>What a package needs from the host OS it runs on: what its services' programs and the
/// plugins they load need (followed through the libraries the package carries), and apart from that,
/// what its other files need.</summary>
public sealed record Requirements
{
    /// <summary>The Debian architecture name of the package's ELF files (amd64, arm64, ...);
    /// null when the package has no ELF file.</summary>
    public string? Architecture { get; init; }

    /// <summary>The highest GLIBC_x.y symbol version any ELF file in the package needs ("2.34"); null when none.</summary>
    public string? Glibc { get; init; }

    /// <summary>Shared libraries (DT_NEEDED names) that the services need and the package does not
    /// carry: the host OS must provide them.</summary>
    public IReadOnlyList<string> Libraries { get; init; } = [];

    /// <summary>What only the package's other files need; null when they need nothing more.</summary>
    public OtherRequirements? Others { get; init; }
}
