namespace Hoist.Fabric.Api;

/// <summary>How an app is moved (see docs/fabric.md, Migration).</summary>
public static class MigrationModes
{
    /// <summary>Stop, copy the state, start on the target.</summary>
    public const string Cold = "cold";

    /// <summary>Copy the state while the app runs, again until little changes; freeze, copy the rest, stop, start on the target.</summary>
    public const string Warm = "warm";
}
