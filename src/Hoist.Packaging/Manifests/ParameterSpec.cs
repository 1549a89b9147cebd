namespace Hoist.Packaging.Manifests;

/// <summary>A value set when the package is deployed, and the places in its files that it sets.</summary>
public sealed record ParameterSpec
{
    /// <summary>The name given to --set (lowercase letters, digits, '_' and '-').</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The value the package's files hold as sequenced.</summary>
    public string Default { get; init; } = string.Empty;

    public string? Description { get; init; }

    /// <summary>The lines this parameter sets.</summary>
    public IReadOnlyList<ParameterTarget> Targets { get; init; } = [];
}
