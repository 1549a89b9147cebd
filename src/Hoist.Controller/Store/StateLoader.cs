using Hoist.Controller.Apps;
using Hoist.Controller.Model;
using Hoist.Controller.Placement;
using Hoist.Packaging.Manifests;

namespace Hoist.Controller.Store;

/// <summary>Fills the fabric's memory from controller.db at start: library items, hosts (online ones get a
/// full offline delay to heartbeat again), apps counted on their hosts (and on the target of their
/// migration in progress), migrations, and the orders still pending or awaited by a migration or upgrade.</summary>
internal static class StateLoader
{
    public static void Load(ControllerDatabase database, FabricState state, TimeProvider time, ILogger log)
    {
        using var connection = database.Open();
        var now = time.GetUtcNow();
        foreach (var item in LibraryRows.ReadAll(connection))
        {
            state.Library.Put(item);
        }

        foreach (var host in HostRows.ReadAll(connection))
        {
            state.AddHost(new HostEntry(host, host.Offline ? host.LastSeen : now));
        }

        foreach (var (migration, seq) in MigrationRows.ReadAll(connection))
        {
            state.Migrations.Add(migration.Id, new MigrationEntry(migration, seq));
            state.LastMigrationSeq = Math.Max(state.LastMigrationSeq, seq);
        }

        foreach (var record in AppRows.ReadAll(connection))
        {
            var app = new AppEntry(record, DemandOf(record, state, log));
            state.Apps.Add(app.Name, app);
            if (state.Hosts.TryGetValue(record.Host, out var host))
            {
                host.AddApp(app.Name);
                host.Placement.Reserve(app.Demand);
            }

            if (state.ActiveMigration(record) is { } migration && migration.Record.Target != record.Host
                && state.Hosts.TryGetValue(migration.Record.Target, out var target))
            {
                target.Placement.Reserve(app.Demand);
            }
        }

        var awaited = state.Migrations.Values.Where(m => !m.Record.IsFinished).SelectMany(m => m.Record.Steps.Values)
            .Concat(state.Hosts.Values.Where(h => h.Record.UpgradeOrder is not null).Select(h => h.Record.UpgradeOrder!.Value))
            .ToHashSet();
        foreach (var record in OrderRows.ReadLive(connection, awaited).OrderBy(o => o.Id))
        {
            var order = new OrderEntry(record);
            state.Orders.Add(order.Id, order);
            if (record.IsPending && state.Hosts.TryGetValue(record.Host, out var host))
            {
                host.Pending.Add(order);
            }
        }

        state.LastOrderId = OrderRows.MaxId(connection);
        log.LogInformation(
            "loaded {Hosts} hosts, {Apps} apps, {Orders} pending orders, {Migrations} unfinished migrations, {Items} library items",
            state.Hosts.Count, state.Apps.Count, state.Hosts.Values.Sum(h => h.Pending.Count), state.Migrations.Values.Count(m => !m.Record.IsFinished), state.Library.Items.Count());
    }

    private static AppDemand DemandOf(AppRecord app, FabricState state, ILogger log)
    {
        if (state.Library.Manifest(app.Package) is { } manifest)
        {
            try
            {
                return new AppSettings(app.Parameters, app.Resources).Demand(app.Name, app.Group, app.Package, manifest);
            }
            catch (Core.Errors.HoistException e)
            {
                log.LogWarning("app {App}: its settings no longer fit its package ({Message}); counted with the defaults", app.Name, e.Message);
            }
        }

        return new AppDemand { App = app.Name, Group = app.Group, Package = app.Package, Requires = new Requirements() };
    }
}
