namespace Hoist.Packaging.Manifests;

/// <summary>A group the installer created, or an existing group it added members to.</summary>
public sealed record GroupSpec
{
    public string Name { get; init; } = string.Empty;

    public uint Gid { get; init; }

    /// <summary>The members the installer put in it.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>True when the group was already on the image and only gained members.</summary>
    public bool Existing { get; init; }
}
