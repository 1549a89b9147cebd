namespace Hoist.Fabric.Api;

/// <summary>What a drain did: the migration of each app, and the host after.</summary>
public sealed record DrainResult
{
    public required HostView Host { get; init; }

    public IReadOnlyList<MigrationView> Migrations { get; init; } = [];
}
