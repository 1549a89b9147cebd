using Hoist.Fabric.Api;

namespace Hoist.Controller.Migrations;

/// <summary>
/// Undoes a migration (docs/fabric.md, failure rules): removes the target's copy, then gives the source
/// back its app as it was: thawed if the final copy may have frozen it, started if it ran before and the
/// final copy may have stopped it. The source's state was never changed. A host that is offline gets its
/// orders when it returns (the migration does not wait for it); a source that refuses to start the app
/// again ends the migration failed, the app stopped there with its state intact.
/// </summary>
internal sealed class MigrationRollback
{
    private readonly MigrationSteps _steps;

    public MigrationRollback(MigrationSteps steps) => _steps = steps;

    public async Task RollBackAsync(string reason, CancellationToken cancellationToken)
    {
        var record = _steps.Record;
        if (record.Error is null)
        {
            _steps.Update(r => r with { Error = reason }, $"rolling back: {reason}");
        }

        var target = await StepAsync("rollback-target", record.Target, OrderKinds.Remove, cancellationToken).ConfigureAwait(false);
        _steps.Update(r => r, target.Ok ? $"removed {record.Target}'s copy" : $"{record.Target}'s copy goes when it answers: {target.Error}");

        var failed = false;
        if (record.Steps.ContainsKey("final") || _steps.Record.Steps.ContainsKey("final"))
        {
            if (record.Mode == MigrationModes.Warm)
            {
                var thaw = await StepAsync("rollback-thaw", record.Source, OrderKinds.Thaw, cancellationToken).ConfigureAwait(false);
                _steps.Update(r => r, thaw.Ok ? $"thawed the app on {record.Source}" : $"thaw on {record.Source}: {thaw.Error}");
                failed |= !thaw.Ok && !thaw.TimedOut;
            }

            if (record.SourceWasRunning)
            {
                var start = await StepAsync("rollback-start", record.Source, OrderKinds.Start, cancellationToken).ConfigureAwait(false);
                _steps.Update(r => r, start.Ok ? $"started the app again on {record.Source}" : $"start on {record.Source}: {start.Error}");
                failed |= !start.Ok && !start.TimedOut;
            }
        }

        _steps.Finish(
            failed ? MigrationPhases.Failed : MigrationPhases.RolledBack,
            failed ? $"the app is stopped on {record.Source} with its state intact: {reason}" : $"{record.App} stays on {record.Source}: {reason}");
    }

    /// <summary>Sends a rollback order and waits for it, unless its host is offline now: then the order
    /// waits for the host's return, and the rollback goes on.</summary>
    private async Task<StepOutcome> StepAsync(string key, string host, string kind, CancellationToken cancellationToken)
    {
        bool offline;
        lock (_steps.State.Gate)
        {
            offline = _steps.IsOffline(host);
        }

        if (offline)
        {
            _steps.Send(key, host, _steps.OrderFor(kind));
            return new StepOutcome(false, null, $"{host} is offline; it gets {kind} when it returns", _steps.Time.GetUtcNow()) { TimedOut = true };
        }

        return await _steps.StepAsync(key, host, _steps.OrderFor(kind), mayFail: true, cancel: false, cancellationToken).ConfigureAwait(false);
    }
}
