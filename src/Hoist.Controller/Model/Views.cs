using Hoist.Fabric.Api;

namespace Hoist.Controller.Model;

/// <summary>The API's views of the records. Under the fabric's lock, but <see cref="Host(HostSnapshot, bool)"/>.</summary>
internal static class Views
{
    public static HostView Host(HostEntry host) => Host(Snapshot(host));

    /// <summary>What a host's view is made of, taken under the fabric's lock (a few reads: its record
    /// and its apps' names are never changed in place) so that the view can be made outside it.</summary>
    public static HostSnapshot Snapshot(HostEntry host) =>
        new(host.Record, host.LastSeen, host.Placement.MemoryReservedBytes, host.Placement.CpusReserved, host.AppNames);

    /// <summary>A host's view from its snapshot; needs no lock. Without <paramref name="libraries"/>, its
    /// facts leave out the libraries its OS offers: a listing of 1,000 hosts was 60% library names, and
    /// making it took 25 ms of CPU.</summary>
    public static HostView Host(HostSnapshot host, bool libraries = true) => new()
    {
        Name = host.Record.Name,
        Address = host.Record.Address,
        State = host.Record.ShownState,
        Facts = libraries ? host.Record.Facts : host.Record.Facts with { Libraries = [] },
        MemoryReservedBytes = host.MemoryReservedBytes,
        CpusReserved = Math.Round(host.CpusReserved, 6),
        Apps = host.Apps,
        AgentVersion = host.Record.AgentVersion,
        Registered = host.Record.Registered,
        LastSeen = host.LastSeen,
        Problem = host.Record.Problem,
    };

    /// <summary>The app as the fabric sees it: "unknown" while its host is offline.</summary>
    public static AppView App(AppRecord app, FabricState state)
    {
        var host = state.Hosts.GetValueOrDefault(app.Host);
        return new AppView
        {
            Name = app.Name,
            Group = app.Group,
            Package = app.Package,
            PackageName = app.PackageName,
            PackageVersion = app.PackageVersion,
            Host = app.Host,
            Address = host?.Record.Address,
            Desired = app.Desired,
            Status = host is null || host.Record.Offline ? AppStates.Unknown : app.Status,
            Ports = app.Ports,
            Parameters = app.Parameters,
            Resources = app.Resources,
            Migration = state.ActiveMigration(app)?.Record.Id,
            Problem = app.Problem,
            Created = app.Created,
            Since = app.Since,
        };
    }

    public static MigrationView Migration(MigrationRecord m) => new()
    {
        Id = m.Id,
        App = m.App,
        Source = m.Source,
        Target = m.Target,
        Mode = m.Mode,
        Phase = m.Phase,
        Rounds = m.Rounds,
        BytesSent = m.BytesSent,
        LastRoundBytes = m.LastRoundBytes,
        StateBytes = m.StateBytes,
        DowntimeMs = m.DowntimeMs,
        Error = m.Error,
        Log = m.Log,
        Started = m.Started,
        Finished = m.Finished,
    };
}
