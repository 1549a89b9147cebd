namespace Hoist.Controller.Placement;

/// <summary>The keys of one demand's strings (<see cref="PlacementKeys"/>), taken once per placement.</summary>
internal readonly record struct DemandKeys(int Package, int Group, int[] Ports)
{
    public static DemandKeys Of(AppDemand demand) =>
        new(PlacementKeys.OfPackage(demand.Package), PlacementKeys.Of(demand.Group), [.. demand.Ports.Select(PlacementKeys.Of)]);
}
