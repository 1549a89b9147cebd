using System.Buffers;
using System.Globalization;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Placement;

/// <summary>
/// Placement (docs/fabric.md, Placement): the filters a host must pass to take an app, each failure a
/// readable reason, and the score of the hosts that pass: 1 - max(memory fraction, CPU fraction) after
/// placing the app, minus 0.5 for each app of the same package already there. Ties go to the name.
/// Pure: it reads the hosts and changes nothing.
/// </summary>
internal static class Placer
{
    /// <summary>The best host for <paramref name="demand"/> among <paramref name="hosts"/> (but
    /// <paramref name="exclude"/>), as <see cref="Place(PlacementIndex, AppDemand, bool, string?)"/>; for hosts
    /// that are not the fabric's (the fabric keeps its own index).</summary>
    public static PlacementResult Place(IEnumerable<PlacementHost> hosts, AppDemand demand, bool explain, string? exclude = null) =>
        Place(PlacementIndex.Snapshot(hosts), demand, explain, exclude);

    /// <summary>The best host for <paramref name="demand"/> among the hosts of <paramref name="index"/> (but
    /// <paramref name="exclude"/>). Verdicts for every host, best first, when <paramref name="explain"/> or
    /// when no host passes (they make the refusal's reasons); else only the chosen host's.</summary>
    public static PlacementResult Place(PlacementIndex index, AppDemand demand, bool explain, string? exclude = null)
    {
        var keys = DemandKeys.Of(demand);
        var best = Best(index, demand, keys, index.SlotOf(exclude), out var bestScore);
        if (best is not null && !explain)
        {
            return new PlacementResult(best, [new HostVerdict { Host = best.Name, Eligible = true, Score = bestScore, Chosen = true }]);
        }

        var verdicts = Enumerable.Range(0, index.Count).Select(slot => index[slot]).Where(h => h.Name != exclude)
            .Select(h => Judge(h, demand) with { Chosen = h == best })
            .OrderByDescending(v => v.Eligible).ThenByDescending(v => v.Eligible ? v.Score : 0).ThenBy(v => v.Host, StringComparer.Ordinal)
            .ToList();
        return new PlacementResult(best, verdicts);
    }

    /// <summary>
    /// The best host, in two steps: the filters that cost arithmetic and array reads (state, memory, CPUs,
    /// compatibility) and the score, for every host, from the index's arrays (a few nanoseconds each); then
    /// the filters that cost lookups (ports, group), for the best candidates only, best first, until one
    /// passes.
    /// </summary>
    private static PlacementHost? Best(PlacementIndex index, AppDemand demand, DemandKeys keys, int excluded, out double bestScore)
    {
        var candidates = ArrayPool<(double Score, int Slot)>.Shared.Rent(Math.Max(index.Count, 1));
        try
        {
            var n = index.Gather(demand, keys.Package, excluded, candidates);
            var order = new BestFirst(index);

            // Most placements take the first: pick the best by a linear pass; after a few refusals
            // (an anti-affinity group spread over many hosts) sort the rest once and walk them.
            for (var attempt = 0; n > 0; attempt++)
            {
                if (attempt == 4)
                {
                    Array.Sort(candidates, 0, n, order);
                    for (var i = 0; i < n; i++)
                    {
                        if (Lookups(index[candidates[i].Slot], demand, keys))
                        {
                            bestScore = candidates[i].Score;
                            return index[candidates[i].Slot];
                        }
                    }

                    break;
                }

                var top = 0;
                for (var i = 1; i < n; i++)
                {
                    if (order.Compare(candidates[i], candidates[top]) < 0)
                    {
                        top = i;
                    }
                }

                if (Lookups(index[candidates[top].Slot], demand, keys))
                {
                    bestScore = candidates[top].Score;
                    return index[candidates[top].Slot];
                }

                candidates[top] = candidates[--n];
            }

            bestScore = double.NegativeInfinity;
            return null;
        }
        finally
        {
            ArrayPool<(double, int)>.Shared.Return(candidates);
        }
    }

    /// <summary>Every filter's verdict on one host, with its score when it passes.</summary>
    public static HostVerdict Judge(PlacementHost host, AppDemand demand)
    {
        var reasons = new List<string>();
        var eligible = Check(host, demand, reasons);
        return new HostVerdict { Host = host.Name, Eligible = eligible, Reasons = reasons, Score = eligible ? Score(host, demand) : 0 };
    }

    /// <summary>The host's score after placing the app there (higher is better).</summary>
    public static double Score(PlacementHost host, AppDemand demand) => Score(host, demand, PlacementKeys.OfPackage(demand.Package));

    private static double Score(PlacementHost host, AppDemand demand, int package)
    {
        var facts = host.Facts;
        var memory = facts.MemoryBytes > 0 ? (double)(host.MemoryReservedBytes + demand.MemoryBytes) / facts.MemoryBytes : 1;
        var cpus = facts.Cpus > 0 ? (host.CpusReserved + demand.Cpus) / facts.Cpus : 1;
        return 1 - Math.Max(memory, cpus) - (0.5 * host.PackageCount(package));
    }

    /// <summary>The filters of <see cref="Check"/> that look up: the group and the ports.</summary>
    private static bool Lookups(PlacementHost host, AppDemand demand, DemandKeys keys)
    {
        if (host.GroupCount(keys.Group) > 0)
        {
            return false;
        }

        foreach (var port in keys.Ports)
        {
            if (!host.PortFree(port, demand.App))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Higher score first; the name breaks ties.</summary>
    private sealed class BestFirst(PlacementIndex index) : IComparer<(double Score, int Slot)>
    {
        public int Compare((double Score, int Slot) x, (double Score, int Slot) y) =>
            x.Score != y.Score ? y.Score.CompareTo(x.Score) : index.Rank(x.Slot).CompareTo(index.Rank(y.Slot));
    }

    /// <summary>True when the host passes every filter; collects the reason of every failure.</summary>
    private static bool Check(PlacementHost host, AppDemand demand, List<string> reasons)
    {
        if (host.State != HostStates.Ready)
        {
            reasons.Add(host.State);
        }

        if (host.Incompatibility(demand) is { } incompatible)
        {
            reasons.Add(incompatible);
        }

        foreach (var port in demand.Ports)
        {
            if (host.PortHolder(port) is { } holder && holder != demand.App)
            {
                reasons.Add(holder.Length > 0 ? $"port {port} in use by {holder}" : $"port {port} in use");
            }
        }

        var memoryFree = host.Facts.MemoryBytes - host.MemoryReservedBytes;
        if (demand.MemoryBytes > memoryFree)
        {
            reasons.Add($"needs {Mebibytes(demand.MemoryBytes)} MiB, {Mebibytes(Math.Max(0, memoryFree))} MiB free");
        }

        var cpusFree = host.Facts.Cpus - host.CpusReserved;
        if (demand.Cpus > cpusFree + 1e-9)
        {
            reasons.Add($"needs {Number(demand.Cpus)} CPUs, {Number(Math.Max(0, cpusFree))} free");
        }

        if (host.GroupCount(demand.Group) > 0)
        {
            reasons.Add($"an instance of {demand.Group} is already there");
        }

        return reasons.Count == 0;
    }

    private static string Mebibytes(long bytes) => (bytes / (double)(1 << 20)).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
