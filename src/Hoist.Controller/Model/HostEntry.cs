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

    /// <summary>The apps whose host this is.</summary>
    public SortedSet<string> Apps { get; } = new(StringComparer.Ordinal);

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
