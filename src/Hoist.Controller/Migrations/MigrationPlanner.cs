using System.Globalization;
using Hoist.Controller.Apps;
using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Placement;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Migrations;

/// <summary>Starts migrations (phase `planned`): checks the request, chooses the target (placement with the
/// source excluded, or the host named, checked by the same filters), holds room for the app there, and
/// hands the migration to the worker.</summary>
internal sealed class MigrationPlanner
{
    private readonly FabricState _state;
    private readonly Deployer _deployer;
    private readonly MigrationWorker _worker;
    private readonly EventLog _events;
    private readonly TimeProvider _time;

    public MigrationPlanner(FabricState state, Deployer deployer, MigrationWorker worker, EventLog events, ControllerOptions options)
    {
        _state = state;
        _deployer = deployer;
        _worker = worker;
        _events = events;
        _time = options.Time;
    }

    /// <summary>Every migration, newest first.</summary>
    public IReadOnlyList<MigrationView> List()
    {
        lock (_state.Gate)
        {
            return _state.Migrations.Values.OrderByDescending(m => m.Seq).Select(m => Views.Migration(m.Record)).ToList();
        }
    }

    /// <summary>Throws <see cref="ErrorKind.NotFound"/> for an id the controller never gave.</summary>
    public MigrationView Get(string id)
    {
        lock (_state.Gate)
        {
            return _state.Migrations.TryGetValue(id, out var migration)
                ? Views.Migration(migration.Record)
                : throw HoistException.NotFound($"migration '{id}' does not exist", "see the migrations with 'hoist migration list'");
        }
    }

    public async Task<MigrationView> StartAsync(string app, MigrateRequest request, CancellationToken cancellationToken)
    {
        MigrationView view;
        Task saved;
        await _state.Placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_state.Gate)
            {
                view = Views.Migration(Start(app, request).Record);
                saved = _state.Flush();
            }
        }
        finally
        {
            _state.Placing.Release();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
        return view;
    }

    /// <summary>
    /// Plans a migration and starts it. Under the fabric's lock. Throws <see cref="ErrorKind.NotFound"/>
    /// for an app or host the fabric lacks, <see cref="ErrorKind.InvalidArgument"/> for a bad mode or a
    /// target that is the source, and <see cref="ErrorKind.FailedPrecondition"/> when the app is being
    /// migrated or removed already, or when no host (or not the one named) can take it.
    /// </summary>
    public MigrationEntry Start(string name, MigrateRequest request)
    {
        var app = _state.Apps.TryGetValue(name, out var found) ? found : throw HoistException.NotFound($"app '{name}' is not in the fabric", "see the apps with 'hoist ps'");
        if (request.Mode is not (MigrationModes.Warm or MigrationModes.Cold))
        {
            throw HoistException.InvalidArgument($"migration mode '{request.Mode}' is neither warm nor cold");
        }

        if (_state.ActiveMigration(app.Record) is { } running)
        {
            throw HoistException.FailedPrecondition($"app '{name}' is being migrated already ({running.Record.Id}, {running.Record.Phase})", $"wait for it to end ('hoist migration show {running.Record.Id}')");
        }

        if (app.Record.Desired == DesiredStates.Removed)
        {
            throw HoistException.FailedPrecondition($"app '{name}' is being removed");
        }

        var source = app.Record.Host;
        var target = Target(app, source, request.To);
        var seq = ++_state.LastMigrationSeq;
        var now = _time.GetUtcNow();
        var record = new MigrationRecord
        {
            Id = "m" + seq.ToString(CultureInfo.InvariantCulture),
            App = name,
            Source = source,
            Target = target.Name,
            Mode = request.Mode,
            Phase = MigrationPhases.Planned,
            Started = now,
            SourceWasRunning = app.Record.Status is AppStates.Running or AppStates.Starting or AppStates.CrashLooping
                || (app.Record.Status is AppStates.Pending or AppStates.Unknown && app.Record.Desired == DesiredStates.Running),
            Log = [$"0.000 s: planned: {name} from {source} to {target.Name} ({request.Mode}{(request.To == "auto" ? ", chosen by placement" : string.Empty)})"],
        };
        var migration = new MigrationEntry(record, seq);
        _state.Migrations.Add(record.Id, migration);
        _ = _state.Save(migration, record);
        _ = _state.Save(app, app.Record with { Migration = record.Id });
        target.Reserve(app.Demand);
        _events.Add(EventKinds.MigrationPrefix + MigrationPhases.Planned, name, $"{record.Id} {name} {source} → {target.Name} ({request.Mode})");
        _worker.Launch(migration, resumed: false);
        return migration;
    }

    private PlacementHost Target(AppEntry app, string source, string to)
    {
        if (to == "auto")
        {
            var result = Placer.Place(_state.Placement, app.Demand, explain: false, exclude: source);
            return result.Chosen ?? throw Refusal(result, app.Name);
        }

        if (to == source)
        {
            throw HoistException.InvalidArgument($"app '{app.Name}' is on {source} already", "name another host, or --to auto");
        }

        return _deployer.Place(to, app.Demand, explain: false).Chosen!;
    }

    private static HoistException Refusal(PlacementResult result, string app)
    {
        var refusal = result.Refusal(app);
        return new HoistException(refusal.Kind, refusal.Message.Replace("no host can run", "no other host can take", StringComparison.Ordinal), refusal.Hint) { Details = refusal.Details };
    }
}
