using System.Collections.Concurrent;
using Hoist.Controller.Events;
using Hoist.Controller.Hosts;
using Hoist.Controller.Library;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;

namespace Hoist.Controller.Migrations;

/// <summary>
/// Runs the migrations: each in its own task, from the moment it is planned. At start it resumes the
/// migrations a previous controller left unfinished; at stop it cancels the runs, which leave their
/// records as they are, for the next start.
/// </summary>
internal sealed class MigrationWorker : BackgroundService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Task> _runs = new(StringComparer.Ordinal);
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly EventLog _events;
    private readonly DrainTracker _drains;
    private readonly LibraryService _library;
    private readonly ControllerOptions _options;
    private readonly ILogger _log;

    public MigrationWorker(FabricState state, OrderBook orders, EventLog events, DrainTracker drains, LibraryService library, ControllerOptions options, ILogger<MigrationWorker> log)
    {
        _state = state;
        _orders = orders;
        _events = events;
        _drains = drains;
        _library = library;
        _options = options;
        _log = log;
    }

    /// <summary>Runs a migration in the background. Under the fabric's lock or not.</summary>
    public void Launch(MigrationEntry migration, bool resumed)
    {
        var steps = new MigrationSteps(migration, _state, _orders, _events, _drains, _options);
        var run = new MigrationRun(steps, new MigrationRollback(steps), new MigrationCommit(steps, _library), _options);
        var id = migration.Record.Id;
        _runs[id] = Task.Run(async () =>
        {
            try
            {
                await run.RunAsync(resumed, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                _log.LogInformation("migration {Id} paused in phase {Phase}: the controller stops", id, steps.Record.Phase);
            }
            catch (Exception e)
            {
                _log.LogError(e, "migration {Id} failed in phase {Phase}", id, steps.Record.Phase);
            }
            finally
            {
                _runs.TryRemove(id, out _);
            }
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_state.Gate)
        {
            foreach (var migration in _state.Migrations.Values.Where(m => !m.Record.IsFinished))
            {
                _log.LogInformation("resuming migration {Id} of {App} in phase {Phase}", migration.Record.Id, migration.Record.App, migration.Record.Phase);
                Launch(migration, resumed: true);
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_runs.Values).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }
}
