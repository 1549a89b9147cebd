namespace Hoist.Packaging.Manifests;

/// <summary>A user the installer created (a line of /etc/passwd).</summary>
public sealed record UserSpec
{
    public string Name { get; init; } = string.Empty;

    /// <summary>The uid it had on the image; files in the layer are owned by this number.</summary>
    public uint Uid { get; init; }

    /// <summary>Its primary group's gid.</summary>
    public uint Gid { get; init; }

    public string? Gecos { get; init; }

    public string Home { get; init; } = "/nonexistent";

    public string Shell { get; init; } = "/usr/sbin/nologin";
}
