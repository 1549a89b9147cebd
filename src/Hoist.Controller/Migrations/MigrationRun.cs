using Hoist.Controller.Model;
using Hoist.Core.Text;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Migrations;

/// <summary>
/// One migration, driven through its phases (docs/fabric.md, Migration): copying rounds (warm), the final
/// copy, the target's sync, its start, the commit. Before `starting` any failure rolls back; from
/// `starting` on only the target's word decides: running commits, a failed start rolls back, silence
/// waits. Resumed after a controller restart: planned and copying roll back, the later phases go on.
/// </summary>
internal sealed class MigrationRun
{
    private readonly MigrationSteps _steps;
    private readonly MigrationRollback _rollback;
    private readonly MigrationCommit _commit;
    private readonly ControllerOptions _options;

    public MigrationRun(MigrationSteps steps, MigrationRollback rollback, MigrationCommit commit, ControllerOptions options)
    {
        _steps = steps;
        _rollback = rollback;
        _commit = commit;
        _options = options;
    }

    /// <summary>Runs the migration to its end. Cancelled (the controller stops), it leaves the record as it
    /// is, for the next controller to resume.</summary>
    public async Task RunAsync(bool resumed, CancellationToken cancellationToken)
    {
        var record = _steps.Record;
        if (record.Error is not null)
        {
            await _rollback.RollBackAsync(record.Error, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (resumed && record.Phase is MigrationPhases.Planned or MigrationPhases.Copying)
        {
            await _rollback.RollBackAsync($"the controller restarted while the migration was {record.Phase}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var warm = record.Mode == MigrationModes.Warm;
        if (record.Phase == MigrationPhases.Planned)
        {
            _steps.Advance(warm ? MigrationPhases.Copying : MigrationPhases.Frozen, warm ? "copying the state while the app runs" : "stopping the app to copy its state");
        }

        var failure = _steps.Record.Phase == MigrationPhases.Copying ? await CopyAsync(cancellationToken).ConfigureAwait(false) : null;
        if (failure is null && _steps.Record.Phase == MigrationPhases.Copying)
        {
            _steps.Advance(MigrationPhases.Frozen, "freezing the app for the last copy");
        }

        if (failure is null && _steps.Record.Phase == MigrationPhases.Frozen)
        {
            failure = await FinalAsync(warm, cancellationToken).ConfigureAwait(false);
        }

        if (failure is null && _steps.Record.Phase == MigrationPhases.Syncing)
        {
            failure = await SyncAsync(_steps.Record.LastRecipe!, "pull-final", cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                _steps.Advance(MigrationPhases.Starting, $"starting the app on {record.Target}");
            }
        }

        if (failure is null && _steps.Record.Phase == MigrationPhases.Starting)
        {
            var start = await _commit.AwaitStartAsync(cancellationToken).ConfigureAwait(false);
            failure = start.Ok ? null : start.Error;
            if (start.Ok)
            {
                var downtime = (start.At - (_steps.Record.DownSince ?? start.At)).TotalMilliseconds;
                _steps.Update(r => r with { DowntimeMs = Math.Max(0, downtime) }, $"{record.Target} reports the app running: down {downtime:0} ms");
                _steps.Advance(MigrationPhases.Committing, $"the app is {record.Target}'s; removing the source's copy");
            }
        }

        if (failure is not null)
        {
            await _rollback.RollBackAsync(failure, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_steps.Record.Phase == MigrationPhases.Committing)
        {
            await _commit.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> CopyAsync(CancellationToken cancellationToken)
    {
        var record = _steps.Record;
        long? previous = null;
        for (var round = record.Rounds + 1; round <= _options.MaxCopyRounds; round++)
        {
            var push = await _steps.StepAsync($"push-{round}", record.Source, _steps.OrderFor(OrderKinds.StatePush) with { Round = round }, mayFail: true, cancel: true, cancellationToken).ConfigureAwait(false);
            if (!push.Ok || push.Result?.Recipe is null)
            {
                return push.Error ?? $"state.push round {round} on {record.Source} reported no recipe";
            }

            var sent = push.Result.BytesSent;
            var current = round;
            _steps.Update(
                r => Pushed(r, push.Result) with { Rounds = current },
                $"round {round}: {record.Source} sent {ByteSize.Format(sent)} ({push.Result.ChangedFiles} of {push.Result.Files} files changed), state {ByteSize.Format(push.Result.BytesTotal)}");
            if (await SyncAsync(push.Result.Recipe, $"pull-{round}", cancellationToken).ConfigureAwait(false) is { } failure)
            {
                return failure;
            }

            if (sent < _options.SmallRoundBytes)
            {
                _steps.Update(r => r, $"round {round} sent less than {ByteSize.Format(_options.SmallRoundBytes)}: enough copying");
                break;
            }

            if (previous is { } before && sent > before)
            {
                _steps.Update(r => r, $"round {round} sent more than round {round - 1}: the app writes faster than the copy");
                break;
            }

            if (round == _options.MaxCopyRounds)
            {
                _steps.Update(r => r, $"{round} rounds: enough copying");
            }

            previous = sent;
        }

        return null;
    }

    private async Task<string?> FinalAsync(bool warm, CancellationToken cancellationToken)
    {
        var record = _steps.Record;
        var order = _steps.OrderFor(OrderKinds.StateFinal) with { Round = record.Rounds + 1, Freeze = warm };
        var final = await _steps.StepAsync("final", record.Source, order, mayFail: true, cancel: true, cancellationToken).ConfigureAwait(false);
        if (!final.Ok || final.Result?.Recipe is null)
        {
            return final.Error ?? $"state.final on {record.Source} reported no recipe";
        }

        var result = final.Result;
        _steps.Update(
            r => Pushed(r, result) with { Rounds = r.Rounds + (warm ? 2 : 1), DownSince = result.DownSince ?? final.At },
            $"{record.Source} {(warm ? "froze, copied and stopped" : "stopped and copied")} the app: {ByteSize.Format(result.BytesSent)} sent");
        _steps.Advance(MigrationPhases.Syncing, $"syncing {record.Target} to the final copy");
        return null;
    }

    private async Task<string?> SyncAsync(string recipe, string key, CancellationToken cancellationToken)
    {
        var record = _steps.Record;
        AppRecord app;
        lock (_steps.State.Gate)
        {
            app = _steps.State.Apps[record.App].Record;
        }

        var order = new Order
        {
            Kind = OrderKinds.StatePull, App = app.Name, Recipe = recipe, Package = app.Package, Parameters = app.Parameters, Resources = app.Resources,
        };
        var pull = await _steps.StepAsync(key, record.Target, order, mayFail: true, cancel: true, cancellationToken).ConfigureAwait(false);
        if (!pull.Ok)
        {
            return pull.Error;
        }

        _steps.Update(r => r, $"{record.Target} synced ({ByteSize.Format(pull.Result?.BytesFetched ?? 0)} fetched)");
        return null;
    }

    private static MigrationRecord Pushed(MigrationRecord r, OrderResult result) => r with
    {
        BytesSent = r.BytesSent + result.BytesSent,
        LastRoundBytes = result.BytesSent,
        StateBytes = result.BytesTotal,
        LastRecipe = result.Recipe,
        Recipes = r.Recipes.Contains(result.Recipe!) ? r.Recipes : [.. r.Recipes, result.Recipe!],
    };
}
