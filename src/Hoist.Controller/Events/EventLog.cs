using Hoist.Controller.Store;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Events;

/// <summary>
/// The event log: every operation and its outcome (docs/fabric.md; the kinds are <see cref="EventKinds"/>),
/// written to the events table and to the controller's log. The newest events are kept in memory, so that
/// reading them neither waits for the writer nor touches SQLite. Thread-safe.
/// </summary>
internal sealed class EventLog
{
    private const int Kept = 20_000;

    private readonly Lock _gate = new();
    private readonly List<EventView> _recent = [];
    private readonly StoreWriter _store;
    private readonly ControllerDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long _last;

    public EventLog(StoreWriter store, ControllerDatabase database, ControllerOptions options, ILogger<EventLog> log)
    {
        _store = store;
        _database = database;
        _time = options.Time;
        _log = log;
        using var connection = database.Open();
        _last = EventRows.MaxId(connection);
    }

    /// <summary>Records an event; returns it with its id.</summary>
    public EventView Add(string kind, string? subject, string message)
    {
        EventView entry;
        lock (_gate)
        {
            entry = new EventView { Id = ++_last, Time = _time.GetUtcNow(), Kind = kind, Subject = subject, Message = message };
            if (_recent.Count >= Kept)
            {
                _recent.RemoveRange(0, Kept / 2);
            }

            _recent.Add(entry);
            _store.Enqueue(db => EventRows.Insert(db, entry));
        }

        _log.LogInformation("{Kind} {Subject}: {Message}", kind, subject, message);
        return entry;
    }

    /// <summary>Up to <paramref name="limit"/> events after the id <paramref name="after"/>, oldest first.</summary>
    public IReadOnlyList<EventView> After(long after, int limit)
    {
        lock (_gate)
        {
            if (_recent.Count == 0 || after >= _recent[0].Id - 1)
            {
                var start = _recent.Count == 0 ? 0 : (int)Math.Clamp(after - _recent[0].Id + 1, 0, _recent.Count);
                return _recent.GetRange(start, Math.Min(limit, _recent.Count - start));
            }
        }

        using var connection = _database.Open();
        return EventRows.Read(connection, after, limit);
    }

    /// <summary>The id of the newest event (0 when there is none).</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }
}
