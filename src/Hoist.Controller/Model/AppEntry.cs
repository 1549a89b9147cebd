using Hoist.Controller.Placement;

namespace Hoist.Controller.Model;

/// <summary>An app in memory: its record and what it asks of its host. Guarded by the fabric's lock.</summary>
internal sealed class AppEntry
{
    public AppEntry(AppRecord record, AppDemand demand)
    {
        Record = record;
        Demand = demand;
    }

    public AppRecord Record { get; set; }

    public AppDemand Demand { get; }

    public string Name => Record.Name;
}
