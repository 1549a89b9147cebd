namespace Hoist.Fabric.Api;

/// <summary>The phases of a migration (see docs/fabric.md, Migration).</summary>
public static class MigrationPhases
{
    public const string Planned = "planned";
    public const string Copying = "copying";
    public const string Frozen = "frozen";
    public const string Syncing = "syncing";
    public const string Starting = "starting";
    public const string Committing = "committing";

    /// <summary>The app runs on the target; the source's copy is gone.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The app is back on the source as it was; the target's copy is gone.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>Ended without running anywhere: the app is stopped on the source with its state intact.</summary>
    public const string Failed = "failed";
}
