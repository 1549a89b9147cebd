using Hoist.Fabric.Api;

namespace Hoist.Controller.Placement;

/// <summary>
/// A host as placement sees it: its state, its facts, and running totals of what the apps placed on it
/// reserve (memory, CPUs, ports, groups, packages), kept up to date by <see cref="Reserve"/> and
/// <see cref="Release"/> so that judging a host costs a few lookups whatever it holds. Not thread-safe:
/// the fabric's lock guards it.
/// </summary>
internal sealed class PlacementHost
{
    private readonly Dictionary<string, List<string>> _appPorts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _packages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _compatibility = new(StringComparer.Ordinal);
    private HashSet<string> _portsInUse = new(StringComparer.Ordinal);
    private HostFacts _facts;

    public PlacementHost(string name, HostFacts facts, string state = HostStates.Ready)
    {
        Name = name;
        State = state;
        _facts = facts;
        _portsInUse = new HashSet<string>(facts.PortsInUse, StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>One of <see cref="HostStates"/>: only a ready host takes apps.</summary>
    public string State { get; set; }

    /// <summary>The host's facts; setting new ones forgets the compatibility verdicts when the OS changed.</summary>
    public HostFacts Facts
    {
        get => _facts;
        set
        {
            if (value.Image != _facts.Image || value.Os != _facts.Os || value.Architecture != _facts.Architecture
                || value.Glibc != _facts.Glibc || !value.Libraries.SequenceEqual(_facts.Libraries))
            {
                _compatibility.Clear();
            }

            if (!value.PortsInUse.SequenceEqual(_facts.PortsInUse))
            {
                _portsInUse = new HashSet<string>(value.PortsInUse, StringComparer.Ordinal);
            }

            _facts = value;
        }
    }

    public long MemoryReservedBytes { get; private set; }

    public double CpusReserved { get; private set; }

    /// <summary>The apps counted here.</summary>
    public int Count { get; private set; }

    /// <summary>Who holds <paramref name="port"/>: an app placed here, "" for a socket the agent reported, null when free.</summary>
    public string? PortHolder(string port) =>
        _appPorts.TryGetValue(port, out var apps) ? apps[0] : _portsInUse.Contains(port) ? string.Empty : null;

    public int GroupCount(string group) => _groups.GetValueOrDefault(group);

    public int PackageCount(string package) => _packages.GetValueOrDefault(package);

    /// <summary>Counts an app here.</summary>
    public void Reserve(AppDemand demand)
    {
        MemoryReservedBytes += demand.MemoryBytes;
        CpusReserved += demand.Cpus;
        Count++;
        foreach (var port in demand.Ports)
        {
            if (_appPorts.TryGetValue(port, out var apps))
            {
                apps.Add(demand.App);
            }
            else
            {
                _appPorts[port] = [demand.App];
            }
        }

        _groups[demand.Group] = GroupCount(demand.Group) + 1;
        _packages[demand.Package] = PackageCount(demand.Package) + 1;
    }

    /// <summary>Stops counting an app here (what <see cref="Reserve"/> added).</summary>
    public void Release(AppDemand demand)
    {
        MemoryReservedBytes -= demand.MemoryBytes;
        CpusReserved = Math.Max(0, CpusReserved - demand.Cpus);
        Count--;
        foreach (var port in demand.Ports)
        {
            if (_appPorts.TryGetValue(port, out var apps) && apps.Remove(demand.App) && apps.Count == 0)
            {
                _appPorts.Remove(port);
            }
        }

        Decrement(_groups, demand.Group);
        Decrement(_packages, demand.Package);
    }

    /// <summary>Why the package cannot run on this host's OS, or null; computed once per package and OS.</summary>
    public string? Incompatibility(AppDemand demand)
    {
        if (!_compatibility.TryGetValue(demand.Package, out var reason))
        {
            reason = CompatibilityReasons.Of(demand.Requires, _facts);
            _compatibility[demand.Package] = reason;
        }

        return reason;
    }

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        if (counts.TryGetValue(key, out var count))
        {
            if (count <= 1)
            {
                counts.Remove(key);
            }
            else
            {
                counts[key] = count - 1;
            }
        }
    }
}
