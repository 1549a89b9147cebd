namespace Hoist.Controller.Events;

/// <summary>The kinds of event the controller records: a request ("app.start") and its outcome
/// ("app.started" or "app.start-failed").</summary>
internal static class EventKinds
{
    public const string AuthRefused = "auth.refused";

    public const string HostRegistered = "host.registered";
    public const string HostOffline = "host.offline";
    public const string HostBack = "host.back";
    public const string HostDraining = "host.draining";
    public const string HostDrained = "host.drained";
    public const string HostDrainProblem = "host.drain-problem";
    public const string HostResumed = "host.resumed";
    public const string HostUpgrading = "host.upgrading";
    public const string HostUpgraded = "host.upgraded";
    public const string HostUpgradeFailed = "host.upgrade-failed";
    public const string HostStrayApp = "host.stray-app";

    public const string AppDeployed = "app.deployed";
    public const string AppInstalled = "app.installed";
    public const string AppInstallFailed = "app.install-failed";
    public const string AppStart = "app.start";
    public const string AppStarted = "app.started";
    public const string AppStartFailed = "app.start-failed";
    public const string AppStop = "app.stop";
    public const string AppStopped = "app.stopped";
    public const string AppStopFailed = "app.stop-failed";
    public const string AppRemove = "app.remove";
    public const string AppRemoved = "app.removed";
    public const string AppRemoveFailed = "app.remove-failed";
    public const string AppThawed = "app.thawed";
    public const string AppScaled = "app.scaled";
    public const string AppMissing = "app.missing";

    /// <summary>Followed by the phase: "migration.copying", "migration.succeeded", "migration.rolled-back".</summary>
    public const string MigrationPrefix = "migration.";

    public const string LibraryAdded = "library.added";
    public const string LibraryRemoved = "library.removed";
    public const string LibraryGc = "library.gc";
}
