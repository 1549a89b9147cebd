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
    /// <paramref name="exclude"/>). Verdicts for every host, best first, when <paramref name="explain"/> or
    /// when no host passes (they make the refusal's reasons); else only the chosen host's.</summary>
    public static PlacementResult Place(IEnumerable<PlacementHost> hosts, AppDemand demand, bool explain, string? exclude = null)
    {
        var keys = DemandKeys.Of(demand);
        var best = Best(hosts, demand, keys, exclude, out var bestScore);
        if (best is not null && !explain)
        {
            return new PlacementResult(best, [new HostVerdict { Host = best.Name, Eligible = true, Score = bestScore, Chosen = true }]);
        }

        var verdicts = hosts.Where(h => h.Name != exclude).Select(h => Judge(h, demand) with { Chosen = h == best })
            .OrderByDescending(v => v.Eligible).ThenByDescending(v => v.Eligible ? v.Score : 0).ThenBy(v => v.Host, StringComparer.Ordinal)
            .ToList();
        return new PlacementResult(best, verdicts);
    }

    /// <summary>
    /// The best host, in two steps: the filters that cost arithmetic and array reads (state, memory, CPUs,
    /// compatibility) and the score, for every host (a few nanoseconds each); then the filters that cost
    /// lookups (ports, group), for the best candidates only, best first, until one passes. A placement over
    /// 1,000 hosts takes some 10 µs.
    /// </summary>
    private static PlacementHost? Best(IEnumerable<PlacementHost> hosts, AppDemand demand, DemandKeys keys, string? exclude, out double bestScore)
    {
        var count = hosts.TryGetNonEnumeratedCount(out var known) ? known : 64;
        var candidates = ArrayPool<(double Score, PlacementHost Host)>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var n = 0;
            foreach (var host in hosts)
            {
                if (Cheap(host, demand, keys.Package) && host.Name != exclude)
                {
                    if (n == candidates.Length)
                    {
                        var larger = ArrayPool<(double, PlacementHost)>.Shared.Rent(n * 2);
                        Array.Copy(candidates, larger, n);
                        ArrayPool<(double, PlacementHost)>.Shared.Return(candidates, clearArray: true);
                        candidates = larger;
                    }

                    candidates[n++] = (Score(host, demand, keys.Package), host);
                }
            }

            // Most placements take the first: pick the best by a linear pass; after a few refusals
            // (an anti-affinity group spread over many hosts) sort the rest once and walk them.
            for (var attempt = 0; n > 0; attempt++)
            {
                if (attempt == 4)
                {
                    Array.Sort(candidates, 0, n, BestFirst.Instance);
                    for (var i = 0; i < n; i++)
                    {
                        if (Lookups(candidates[i].Host, demand, keys))
                        {
                            bestScore = candidates[i].Score;
                            return candidates[i].Host;
                        }
                    }

                    break;
                }

                var top = 0;
                for (var i = 1; i < n; i++)
                {
                    if (BestFirst.Instance.Compare(candidates[i], candidates[top]) < 0)
                    {
                        top = i;
                    }
                }

                if (Lookups(candidates[top].Host, demand, keys))
                {
                    bestScore = candidates[top].Score;
                    return candidates[top].Host;
                }

                candidates[top] = candidates[--n];
            }

            bestScore = double.NegativeInfinity;
            return null;
        }
        finally
        {
            ArrayPool<(double, PlacementHost)>.Shared.Return(candidates, clearArray: true);
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

    /// <summary>The filters of <see cref="Check"/> that cost no lookup: state, memory, CPUs, compatibility.</summary>
    private static bool Cheap(PlacementHost host, AppDemand demand, int package)
    {
        var facts = host.Facts;
        return host.State == HostStates.Ready
            && demand.MemoryBytes <= facts.MemoryBytes - host.MemoryReservedBytes
            && demand.Cpus <= facts.Cpus - host.CpusReserved + 1e-9
            && host.Incompatibility(demand, package) is null;
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
    private sealed class BestFirst : IComparer<(double Score, PlacementHost Host)>
    {
        public static readonly BestFirst Instance = new();

        public int Compare((double Score, PlacementHost Host) x, (double Score, PlacementHost Host) y) =>
            x.Score != y.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.Host.Name, y.Host.Name);
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
