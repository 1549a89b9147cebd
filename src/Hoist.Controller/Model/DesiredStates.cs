namespace Hoist.Controller.Model;

/// <summary>What was last asked of an app.</summary>
internal static class DesiredStates
{
    public const string Running = "running";
    public const string Stopped = "stopped";

    /// <summary>Its removal was ordered; the controller forgets it once its host confirms.</summary>
    public const string Removed = "removed";
}
