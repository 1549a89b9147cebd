using Hoist.Controller.Placement;

namespace Hoist.Controller.Model;

/// <summary>A host in memory: its record, its placement totals, the apps placed on it, its pending orders
/// and the signals its waiters use. Guarded by the fabric's lock.</summary>
internal sealed class HostEntry
{
    private HostRecord _record;

    public HostEntry(HostRecord record, DateTimeOffset lastSeen)
    {
        _record = record;
        LastSeen = lastSeen;
        Placement = new PlacementHost(record.Name, record.Facts, record.ShownState);
    }

    public string Name => _record.Name;

    /// <summary>Setting it keeps the placement view (state, facts) in step.</summary>
    public HostRecord Record
    {
        get => _record;
        set
        {
            _record = value;
            Placement.State = value.ShownState;
            Placement.Facts = value.Facts;
        }
    }

    public PlacementHost Placement { get; }

    private readonly SortedSet<string> _apps = new(StringComparer.Ordinal);
    private string[]? _appNames;

    /// <summary>The apps whose host this is; change them with <see cref="AddApp"/> and <see cref="RemoveApp"/>.</summary>
    public IReadOnlyCollection<string> Apps => _apps;

    /// <summary>The apps whose host this is, in order of name: an array that is never changed (a change of
    /// the apps makes a new one), so that a view of the host may keep it and be built outside the lock.</summary>
    public IReadOnlyList<string> AppNames => _appNames ??= [.. _apps];

    public void AddApp(string app)
    {
        if (_apps.Add(app))
        {
            _appNames = null;
        }
    }

    public void RemoveApp(string app)
    {
        if (_apps.Remove(app))
        {
            _appNames = null;
        }
    }

    /// <summary>The last heartbeat or registration, exactly (the record holds the last one written).</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Orders not reported yet, oldest first.</summary>
    public List<OrderEntry> Pending { get; } = [];

    /// <summary>Long polls of the host waiting now.</summary>
    public int Polling { get; set; }

    /// <summary>Pulsed when an order is queued for the host: wakes its long poll.</summary>
    public Signal Orders { get; } = new();

    /// <summary>Pulsed when the host's state or problem changes: wakes its upgrade.</summary>
    public Signal Changed { get; } = new();
}
