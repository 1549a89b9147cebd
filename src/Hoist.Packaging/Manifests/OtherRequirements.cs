namespace Hoist.Packaging.Manifests;

/// <summary>What the package's other files need of a host: the tools and libraries that came with the
/// app but that its services do not run or load. A host without them still runs the app.</summary>
public sealed record OtherRequirements
{
    /// <summary>The highest GLIBC_x.y they need, when higher than the services' own; else null.</summary>
    public string? Glibc { get; init; }

    /// <summary>Shared libraries they need that neither the package nor <see cref="Requirements.Libraries"/> lists.</summary>
    public IReadOnlyList<string> Libraries { get; init; } = [];
}
