using System.Globalization;
using Hoist.Controller.Events;
using Hoist.Controller.Hosts;
using Hoist.Controller.Model;
using Hoist.Controller.Orders;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Migrations;

/// <summary>
/// The steps one migration is made of: its record's updates (each written, with a log line), and its
/// orders. An order is sent once per step: its id is written in the record's Steps before it is awaited,
/// so that a resumed migration awaits the order it sent. A step that may fail fails when the agent reports
/// a failure, or when its host has been offline for the order timeout.
/// </summary>
internal sealed class MigrationSteps
{
    private readonly MigrationEntry _migration;
    private readonly FabricState _state;
    private readonly OrderBook _orders;
    private readonly EventLog _events;
    private readonly ControllerOptions _options;
    private readonly DrainTracker _drains;

    public MigrationSteps(MigrationEntry migration, FabricState state, OrderBook orders, EventLog events, DrainTracker drains, ControllerOptions options)
    {
        _drains = drains;
        _migration = migration;
        _state = state;
        _orders = orders;
        _events = events;
        _options = options;
        CheckEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, Math.Min(options.OfflineAfter.Ticks, options.OrderTimeout.Ticks) / 4));
    }

    public MigrationEntry Entry => _migration;

    public FabricState State => _state;

    public TimeProvider Time => _options.Time;

    /// <summary>How often a wait looks at its host's silence.</summary>
    public TimeSpan CheckEvery { get; }

    public MigrationRecord Record
    {
        get
        {
            lock (_state.Gate)
            {
                return _migration.Record;
            }
        }
    }

    /// <summary>Changes the record and adds a log line. Under the fabric's lock or not.</summary>
    public void Update(Func<MigrationRecord, MigrationRecord> change, string? line = null)
    {
        lock (_state.Gate)
        {
            var record = change(_migration.Record);
            if (line is not null)
            {
                var elapsed = (_options.Time.GetUtcNow() - record.Started).TotalSeconds;
                record = record with { Log = [.. record.Log, string.Create(CultureInfo.InvariantCulture, $"{elapsed:0.000} s: {line}")] };
            }

            _ = _state.Save(_migration, record);
        }
    }

    /// <summary>Moves to <paramref name="phase"/>, with a log line and an event.</summary>
    public void Advance(string phase, string line)
    {
        Update(r => r with { Phase = phase }, line);
        var r = Record;
        _events.Add(EventKinds.MigrationPrefix + phase, r.App, $"{r.Id} {r.App} {r.Source} → {r.Target}: {line}");
    }

    /// <summary>
    /// Sends the step's order to <paramref name="host"/> (or finds the one sent before a restart) and waits
    /// for its result. With <paramref name="mayFail"/>, a host offline for the order timeout fails the step;
    /// <paramref name="cancel"/> then withdraws the order (nothing the migration no longer wants may happen
    /// later), else it stays queued for the host's return.
    /// </summary>
    public async Task<StepOutcome> StepAsync(string key, string host, Order body, bool mayFail, bool cancel, CancellationToken cancellationToken)
    {
        var order = Send(key, host, body);
        while (true)
        {
            lock (_state.Gate)
            {
                var record = order.Record;
                if (!record.IsPending)
                {
                    return record.State == OrderStates.Done
                        ? new StepOutcome(true, record.Result, null, record.Finished ?? Time.GetUtcNow())
                        : new StepOutcome(false, record.Result, $"{record.Body.Kind} on {host} {(record.State == OrderStates.Cancelled ? "was withdrawn" : "failed")}: {record.Result?.Error ?? "no reason given"}", record.Finished ?? Time.GetUtcNow());
                }

                if (mayFail && Silent(host, record) is { } silence)
                {
                    if (cancel)
                    {
                        _orders.Cancel(order);
                    }

                    return new StepOutcome(false, null, $"{host} did not answer {record.Body.Kind} for {silence.TotalSeconds:0.#} s: it is offline", Time.GetUtcNow()) { TimedOut = true };
                }
            }

            await WaitAsync(order.Finished, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the step's order to <paramref name="host"/>, unless it was sent already (before a
    /// restart): returns the order either way.</summary>
    public OrderEntry Send(string key, string host, Order body)
    {
        lock (_state.Gate)
        {
            if (_migration.Record.Steps.TryGetValue(key, out var id) && _state.Orders.TryGetValue(id, out var sent))
            {
                return sent;
            }

            var order = _orders.Queue(_state.Hosts[host], body with { Migration = _migration.Record.Id });
            var steps = new Dictionary<string, long>(_migration.Record.Steps) { [key] = order.Id };
            _ = _state.Save(_migration, _migration.Record with { Steps = steps });
            return order;
        }
    }

    /// <summary>Ends the migration in <paramref name="phase"/>: the app is free to migrate again, the
    /// target no longer holds room for it unless the app is there, the drain of its source hears of it.</summary>
    public void Finish(string phase, string line)
    {
        MigrationRecord record;
        lock (_state.Gate)
        {
            Update(r => r with { Phase = phase, Finished = Time.GetUtcNow() }, line);
            record = _migration.Record;
            if (_state.Apps.TryGetValue(record.App, out var app))
            {
                if (app.Record.Host != record.Target)
                {
                    _state.Hosts[record.Target].Placement.Release(app.Demand);
                }

                _ = _state.Save(app, app.Record with { Migration = null });
            }

            _events.Add(EventKinds.MigrationPrefix + phase, record.App, $"{record.Id} {record.App} {record.Source} → {record.Target}: {line}");
            _drains.OnMigrationFinished(record);
        }
    }

    /// <summary>Waits for one of the tasks, or until it is time to look at the hosts' silence again.</summary>
    public async Task WaitAsync(Task first, Task? second, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(CheckEvery, Time, timeout.Token);
        await (second is null ? Task.WhenAny(first, delay) : Task.WhenAny(first, second, delay)).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>How long the host has been silent on <paramref name="order"/> when that is past the order
    /// timeout and the host is offline; else null. Under the fabric's lock.</summary>
    public TimeSpan? Silent(string host, OrderRecord order)
    {
        var now = Time.GetUtcNow();
        var lastSeen = _state.Hosts[host].LastSeen;
        if (now - lastSeen < _options.OfflineAfter)
        {
            return null;
        }

        var silence = now - (lastSeen > order.Created ? lastSeen : order.Created);
        return silence >= _options.OrderTimeout ? silence : null;
    }

    /// <summary>True when the host is offline now. Under the fabric's lock.</summary>
    public bool IsOffline(string host) => Time.GetUtcNow() - _state.Hosts[host].LastSeen >= _options.OfflineAfter;

    /// <summary>An order for the migration's app.</summary>
    public Order OrderFor(string kind) => new() { Kind = kind, App = Record.App };
}
