namespace Hoist.Packaging.Manifests;

/// <summary>Where and how a package was sequenced.</summary>
public sealed record SequencingInfo
{
    /// <summary>The name of the OS image the installer ran on.</summary>
    public string Image { get; init; } = string.Empty;

    /// <summary>That image's PRETTY_NAME from os-release.</summary>
    public string? Os { get; init; }

    /// <summary>That image's digest.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>The installer command line, or "script NAME" when a script file was given.</summary>
    public string Installer { get; init; } = string.Empty;

    /// <summary>When sequencing finished (UTC, ISO 8601).</summary>
    public string? At { get; init; }

    /// <summary>The Hoist version that sequenced it.</summary>
    public string? HoistVersion { get; init; }
}
