using Hoist.Controller.Library;
using Hoist.Controller.Placement;
using Hoist.Controller.Store;

namespace Hoist.Controller.Model;

/// <summary>
/// Everything the controller knows, in memory: hosts, apps, orders, migrations and the library's items,
/// loaded from controller.db at start and written back through <see cref="StoreWriter"/> as it changes.
/// Reads answer from here, never from SQLite. One lock, <see cref="Gate"/>, guards it all: every
/// operation is a few dictionary lookups (a placement over 1,000 hosts, some microseconds), so one lock
/// costs less than the ordering bugs of several. The Save methods must be called under it; they return
/// the write's task, to await outside the lock when the answer must wait for durability.
/// </summary>
internal sealed class FabricState
{
    private readonly StoreWriter _store;

    public FabricState(StoreWriter store) => _store = store;

    public Lock Gate { get; } = new();

    /// <summary>Taken (asynchronously) around the operations that place apps (deploy, scale, migrate, drain)
    /// before they take <see cref="Gate"/>: placements queue without holding threads, and the lock sees
    /// one at a time instead of a crowd spinning on it (which cost half the CPU of 10,000 deployments).</summary>
    public SemaphoreSlim Placing { get; } = new(1, 1);

    /// <summary>Every host by name; add with <see cref="AddHost"/>.</summary>
    public Dictionary<string, HostEntry> Hosts { get; } = new(StringComparer.Ordinal);

    /// <summary>The hosts as placement reads them, kept up to date by each host.</summary>
    public PlacementIndex Placement { get; } = new();

    public Dictionary<string, AppEntry> Apps { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, OrderEntry> Orders { get; } = [];

    public Dictionary<string, MigrationEntry> Migrations { get; } = new(StringComparer.Ordinal);

    public LibraryCatalog Library { get; } = new();

    public long LastOrderId { get; set; }

    public long LastMigrationSeq { get; set; }

    public StoreWriter Store => _store;

    /// <summary>Adds a host to the fabric and to placement's index.</summary>
    public void AddHost(HostEntry host)
    {
        Hosts.Add(host.Name, host);
        Placement.Add(host.Placement);
    }

    /// <summary>Completes once every write queued before it is committed.</summary>
    public Task Flush() => _store.Enqueue(static _ => { });

    public Task Save(HostEntry host, HostRecord record)
    {
        host.Record = record;
        host.Changed.Pulse();
        return _store.Enqueue(db => HostRows.Save(db, record));
    }

    public Task Save(AppEntry app, AppRecord record)
    {
        app.Record = record;
        return _store.Enqueue(db => AppRows.Save(db, record));
    }

    /// <summary>Adds a new app, counting it on its host.</summary>
    public Task Add(AppEntry app)
    {
        Apps.Add(app.Name, app);
        var host = Hosts[app.Record.Host];
        host.AddApp(app.Name);
        host.Placement.Reserve(app.Demand);
        var record = app.Record;
        return _store.Enqueue(db => AppRows.Save(db, record));
    }

    /// <summary>Forgets an app, releasing what it held on its host.</summary>
    public Task Remove(AppEntry app)
    {
        Apps.Remove(app.Name);
        if (Hosts.TryGetValue(app.Record.Host, out var host))
        {
            host.RemoveApp(app.Name);
            host.Placement.Release(app.Demand);
        }

        var name = app.Name;
        return _store.Enqueue(db => AppRows.Delete(db, name));
    }

    public Task Save(MigrationEntry migration, MigrationRecord record)
    {
        migration.Record = record;
        var seq = migration.Seq;
        return _store.Enqueue(db => MigrationRows.Save(db, record, seq));
    }

    public Task Save(OrderEntry order, OrderRecord record)
    {
        order.Update(record);
        return _store.Enqueue(db => OrderRows.Save(db, record));
    }

    /// <summary>The migration in progress of an app, or null.</summary>
    public MigrationEntry? ActiveMigration(AppRecord app) =>
        app.Migration is { } id && Migrations.TryGetValue(id, out var migration) && !migration.Record.IsFinished ? migration : null;
}
