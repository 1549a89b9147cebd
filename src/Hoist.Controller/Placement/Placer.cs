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
        PlacementHost? best = null;
        var bestScore = double.NegativeInfinity;
        var considered = new List<PlacementHost>();
        foreach (var host in hosts)
        {
            if (host.Name == exclude)
            {
                continue;
            }

            considered.Add(host);
            if (!Check(host, demand, null))
            {
                continue;
            }

            var score = Score(host, demand);
            if (best is null || score > bestScore || (score == bestScore && string.CompareOrdinal(host.Name, best.Name) < 0))
            {
                best = host;
                bestScore = score;
            }
        }

        if (best is not null && !explain)
        {
            return new PlacementResult(best, [new HostVerdict { Host = best.Name, Eligible = true, Score = bestScore, Chosen = true }]);
        }

        var verdicts = considered.Select(h => Judge(h, demand) with { Chosen = h == best })
            .OrderByDescending(v => v.Eligible).ThenByDescending(v => v.Eligible ? v.Score : 0).ThenBy(v => v.Host, StringComparer.Ordinal)
            .ToList();
        return new PlacementResult(best, verdicts);
    }

    /// <summary>Every filter's verdict on one host, with its score when it passes.</summary>
    public static HostVerdict Judge(PlacementHost host, AppDemand demand)
    {
        var reasons = new List<string>();
        var eligible = Check(host, demand, reasons);
        return new HostVerdict { Host = host.Name, Eligible = eligible, Reasons = reasons, Score = eligible ? Score(host, demand) : 0 };
    }

    /// <summary>The host's score after placing the app there (higher is better).</summary>
    public static double Score(PlacementHost host, AppDemand demand)
    {
        var memory = host.Facts.MemoryBytes > 0 ? (double)(host.MemoryReservedBytes + demand.MemoryBytes) / host.Facts.MemoryBytes : 1;
        var cpus = host.Facts.Cpus > 0 ? (host.CpusReserved + demand.Cpus) / host.Facts.Cpus : 1;
        return 1 - Math.Max(memory, cpus) - (0.5 * host.PackageCount(demand.Package));
    }

    /// <summary>True when the host passes every filter. With <paramref name="reasons"/>, collects every
    /// failure; without, stops at the first (the fast path of a placement over many hosts).</summary>
    private static bool Check(PlacementHost host, AppDemand demand, List<string>? reasons)
    {
        var passes = true;
        if (host.State != HostStates.Ready && Fail(reasons, host.State, ref passes))
        {
            return false;
        }

        if (host.Incompatibility(demand) is { } incompatible && Fail(reasons, incompatible, ref passes))
        {
            return false;
        }

        foreach (var port in demand.Ports)
        {
            if (host.PortHolder(port) is { } holder && holder != demand.App
                && Fail(reasons, holder.Length > 0 ? $"port {port} in use by {holder}" : $"port {port} in use", ref passes))
            {
                return false;
            }
        }

        var memoryFree = host.Facts.MemoryBytes - host.MemoryReservedBytes;
        if (demand.MemoryBytes > memoryFree && Fail(reasons, $"needs {Mebibytes(demand.MemoryBytes)} MiB, {Mebibytes(Math.Max(0, memoryFree))} MiB free", ref passes))
        {
            return false;
        }

        var cpusFree = host.Facts.Cpus - host.CpusReserved;
        if (demand.Cpus > cpusFree + 1e-9 && Fail(reasons, $"needs {Number(demand.Cpus)} CPUs, {Number(Math.Max(0, cpusFree))} free", ref passes))
        {
            return false;
        }

        if (host.GroupCount(demand.Group) > 0 && Fail(reasons, $"an instance of {demand.Group} is already there", ref passes))
        {
            return false;
        }

        return passes;
    }

    /// <summary>Records a failure; true when the caller should stop (no reasons wanted).</summary>
    private static bool Fail(List<string>? reasons, string reason, ref bool passes)
    {
        passes = false;
        reasons?.Add(reason);
        return reasons is null;
    }

    private static string Mebibytes(long bytes) => (bytes / (double)(1 << 20)).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
