namespace Hoist.Fabric.Api;

/// <summary>Moves an app to another host.</summary>
public sealed record MigrateRequest
{
    /// <summary>A host name, or "auto" to let placement choose (the source excluded).</summary>
    public string To { get; init; } = "auto";

    /// <summary>"warm" (the default) or "cold".</summary>
    public string Mode { get; init; } = MigrationModes.Warm;
}
