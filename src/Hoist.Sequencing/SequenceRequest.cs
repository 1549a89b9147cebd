using Hoist.Sequencing.Capture;

namespace Hoist.Sequencing;

/// <summary>What to sequence: an installer run over an image, captured as package <see cref="Name"/>.</summary>
public sealed record SequenceRequest
{
    /// <summary>The name of the OS image the installer runs on.</summary>
    public required string Image { get; init; }

    /// <summary>The package name.</summary>
    public required string Name { get; init; }

    /// <summary>The package version; null takes the version of the Debian package of the same name
    /// that the installer brought in, else "1.0".</summary>
    public string? Version { get; init; }

    public required InstallerSpec Installer { get; init; }

    /// <summary>Also write the package file here (it always goes into the library).</summary>
    public string? OutputPath { get; init; }

    /// <summary>How long each service may sit idle without a port when probed (busy time does not count).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
