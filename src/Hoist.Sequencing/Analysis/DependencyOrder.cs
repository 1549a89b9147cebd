using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>Orders services so that each comes after the services it waits for.</summary>
internal static class DependencyOrder
{
    /// <summary>
    /// Returns <paramref name="services"/> in dependency order (by <see cref="ServiceSpec.After"/>, which
    /// holds every dependency), choosing the first name in ordinal order whenever several are ready. A cycle
    /// is broken at its first service by name, which stops waiting for the next one in the cycle (dropped from
    /// its After and Requires); a note says so. Dependencies on names outside the list are ignored.
    /// </summary>
    public static IReadOnlyList<ServiceSpec> Sort(IReadOnlyList<ServiceSpec> services, List<string> notes)
    {
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var pending = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            pending[service.Name] = new SortedSet<string>(service.After.Where(d => d != service.Name && byName.ContainsKey(d)), StringComparer.Ordinal);
        }

        var ordered = new List<ServiceSpec>();
        while (pending.Count > 0)
        {
            var ready = pending.FirstOrDefault(p => !p.Value.Any(pending.ContainsKey)).Key;
            if (ready is not null)
            {
                ordered.Add(byName[ready]);
                pending.Remove(ready);
                continue;
            }

            var cycle = FindCycle(pending);
            var at = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
            var (breaker, next) = (cycle[at], cycle[(at + 1) % cycle.Count]);
            var path = cycle.Skip(at).Concat(cycle.Take(at)).Append(breaker);
            notes.Add($"dependency cycle {string.Join(" -> ", path)}: {breaker} no longer waits for {next}");
            pending[breaker].Remove(next);
            var spec = byName[breaker];
            byName[breaker] = spec with
            {
                After = [.. spec.After.Where(d => d != next)],
                Requires = [.. spec.Requires.Where(d => d != next)],
            };
        }

        return ordered;
    }

    /// <summary>Every pending service waits for another pending one, so walking from the first along the first
    /// pending dependency must come back to a service already seen: the walk from there is a cycle, each
    /// service waiting for the next.</summary>
    private static List<string> FindCycle(SortedDictionary<string, SortedSet<string>> pending)
    {
        var walk = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = pending.Keys.First();
        while (!seen.ContainsKey(current))
        {
            seen[current] = walk.Count;
            walk.Add(current);
            current = pending[current].First(pending.ContainsKey);
        }

        return walk.GetRange(seen[current], walk.Count - seen[current]);
    }
}
