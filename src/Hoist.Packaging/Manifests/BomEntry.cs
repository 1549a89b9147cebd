namespace Hoist.Packaging.Manifests;

/// <summary>A Debian package the installer installed or upgraded.</summary>
public sealed record BomEntry
{
    public string Name { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public string? Architecture { get; init; }

    /// <summary>The version the image had before, when the installer upgraded an OS package.</summary>
    public string? Replaced { get; init; }
}
