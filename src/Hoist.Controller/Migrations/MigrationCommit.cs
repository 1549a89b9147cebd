using Hoist.Controller.Library;
using Hoist.Controller.Model;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Migrations;

/// <summary>The end of a migration that worked: the target's start, judged by the target's word alone,
/// and the commit (the app becomes the target's, its final state a library item, the source's copy goes).</summary>
internal sealed class MigrationCommit
{
    private readonly MigrationSteps _steps;
    private readonly LibraryService _library;

    public MigrationCommit(MigrationSteps steps, LibraryService library)
    {
        _steps = steps;
        _library = library;
    }

    /// <summary>Starts the app on the target and waits, without limit, until the target says it runs (Ok,
    /// with the time the controller heard it) or that its start failed.</summary>
    public async Task<StepOutcome> AwaitStartAsync(CancellationToken cancellationToken)
    {
        var record = _steps.Record;
        var order = _steps.Send("start", record.Target, _steps.OrderFor(OrderKinds.Start));
        var silenceLogged = false;
        while (true)
        {
            Task reported;
            lock (_steps.State.Gate)
            {
                var sent = order.Record;
                if (!sent.IsPending)
                {
                    if (sent.State != OrderStates.Done)
                    {
                        return new StepOutcome(false, sent.Result, $"app.start on {record.Target} failed: {sent.Result?.Error ?? "withdrawn"}", _steps.Time.GetUtcNow());
                    }

                    if (sent.Result?.App is null || sent.Result.App.Status == AppStates.Running)
                    {
                        return new StepOutcome(true, sent.Result, null, sent.Finished ?? _steps.Time.GetUtcNow());
                    }
                }

                if (_steps.Entry.TargetReport is { } report && report.At >= sent.Created)
                {
                    if (report.Report.Status == AppStates.Running)
                    {
                        return new StepOutcome(true, null, null, report.At);
                    }

                    if (report.Report.Status == AppStates.Failed)
                    {
                        return new StepOutcome(false, null, $"{record.Target} reports the app failed: {report.Report.Problem ?? "no reason given"}", report.At);
                    }
                }

                if (!silenceLogged && _steps.IsOffline(record.Target))
                {
                    silenceLogged = true;
                    _steps.Update(r => r, $"{record.Target} is silent: waiting for its word (the app stays stopped on {record.Source}, its state intact)");
                }

                reported = _steps.Entry.TargetReported.Next;
            }

            await _steps.WaitAsync(order.Finished.IsCompleted ? reported : order.Finished, reported, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes the app the target's, keeps its final state in the library, removes the source's copy
    /// (or leaves the order queued for a source that is offline), and ends the migration.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var record = _steps.Record;
        var state = _steps.State;
        var chunks = record.LastRecipe is null ? [] : await _library.RecipeChunksAsync(record.LastRecipe, cancellationToken).ConfigureAwait(false);
        lock (state.Gate)
        {
            var app = state.Apps[record.App];
            if (app.Record.Host != record.Target)
            {
                var source = state.Hosts[record.Source];
                source.RemoveApp(app.Name);
                source.Placement.Release(app.Demand);
                state.Hosts[record.Target].AddApp(app.Name);
                var report = _steps.Entry.TargetReport?.Report;
                _ = state.Save(app, app.Record with
                {
                    Host = record.Target, Status = report?.Status ?? AppStates.Running, Ports = report?.Ports ?? app.Record.Ports, Problem = null, Since = report?.Since,
                });
            }

            if (record.LastRecipe is not null)
            {
                _library.KeepState(app.Record, record.Id, record.LastRecipe, record.StateBytes, chunks);
            }
        }

        bool offline;
        lock (state.Gate)
        {
            offline = _steps.IsOffline(record.Source);
        }

        var line = $"removed {record.Source}'s copy";
        if (offline)
        {
            _steps.Send("remove-source", record.Source, _steps.OrderFor(OrderKinds.Remove));
            line = $"{record.Source} is offline: its copy goes when it returns";
        }
        else
        {
            var remove = await _steps.StepAsync("remove-source", record.Source, _steps.OrderFor(OrderKinds.Remove), mayFail: true, cancel: false, cancellationToken).ConfigureAwait(false);
            line = remove.Ok ? line : $"{record.Source}'s copy stays: {remove.Error}";
        }

        _steps.Finish(MigrationPhases.Succeeded, $"{line}; {record.App} runs on {record.Target}");
    }
}
