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
    private readonly Dictionary<int, List<string>> _appPorts = [];
    private readonly Dictionary<int, int> _groups = [];
    private int[] _packages = [];
    private (bool Known, string? Reason)[] _compatibility = [];
    private HashSet<int> _portsInUse;
    private HostFacts _facts;
    private string _state;
    private PlacementIndex? _index;
    private int _slot;

    public PlacementHost(string name, HostFacts facts, string state = HostStates.Ready)
    {
        Name = name;
        _state = state;
        _facts = facts;
        _portsInUse = [.. facts.PortsInUse.Select(PlacementKeys.Of)];
    }

    public string Name { get; }

    /// <summary>One of <see cref="HostStates"/>: only a ready host takes apps.</summary>
    public string State
    {
        get => _state;
        set
        {
            _state = value;
            _index?.Refresh(_slot);
        }
    }

    /// <summary>The host's facts; setting new ones forgets the compatibility verdicts when the OS changed.</summary>
    public HostFacts Facts
    {
        get => _facts;
        set
        {
            if (value.Image != _facts.Image || value.Os != _facts.Os || value.Architecture != _facts.Architecture
                || value.Glibc != _facts.Glibc || !value.Libraries.SequenceEqual(_facts.Libraries))
            {
                _compatibility = [];
                _index?.ForgetCompatibility(_slot);
            }

            if (!value.PortsInUse.SequenceEqual(_facts.PortsInUse))
            {
                _portsInUse = [.. value.PortsInUse.Select(PlacementKeys.Of)];
            }

            _facts = value;
            _index?.Refresh(_slot);
        }
    }

    public long MemoryReservedBytes { get; private set; }

    public double CpusReserved { get; private set; }

    /// <summary>The apps counted here.</summary>
    public int Count { get; private set; }

    /// <summary>Who holds <paramref name="port"/>: an app placed here, "" for a socket the agent reported, null when free.</summary>
    public string? PortHolder(string port) => PortHolder(PlacementKeys.Of(port));

    public string? PortHolder(int port) =>
        _appPorts.TryGetValue(port, out var apps) ? apps[0] : _portsInUse.Contains(port) ? string.Empty : null;

    public int GroupCount(string group) => GroupCount(PlacementKeys.Of(group));

    public int GroupCount(int group) => _groups.Count == 0 ? 0 : _groups.GetValueOrDefault(group);

    public int PackageCount(string package) => PackageCount(PlacementKeys.OfPackage(package));

    /// <summary>The apps of the package (its number, <see cref="PlacementKeys.OfPackage"/>) counted here.</summary>
    public int PackageCount(int package) => package < _packages.Length ? _packages[package] : 0;

    /// <summary>How many package numbers <see cref="PackageCount(int)"/> may count above 0 (those below this).</summary>
    public int PackageSlots => _packages.Length;

    /// <summary>From now on the host keeps <paramref name="slot"/> of <paramref name="index"/> up to date.</summary>
    public void Track(PlacementIndex index, int slot)
    {
        _index = index;
        _slot = slot;
    }

    /// <summary>True when <paramref name="port"/> is free here, or held by <paramref name="app"/> itself.</summary>
    public bool PortFree(int port, string app) =>
        (_appPorts.Count == 0 || !_appPorts.TryGetValue(port, out var apps) || (apps.Count == 1 && apps[0] == app)) && !_portsInUse.Contains(port);

    /// <summary>Counts an app here.</summary>
    public void Reserve(AppDemand demand)
    {
        var keys = DemandKeys.Of(demand);
        MemoryReservedBytes += demand.MemoryBytes;
        CpusReserved += demand.Cpus;
        Count++;
        foreach (var port in keys.Ports)
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

        _groups[keys.Group] = GroupCount(keys.Group) + 1;
        if (keys.Package >= _packages.Length)
        {
            Array.Resize(ref _packages, Math.Max(keys.Package + 1, _packages.Length * 2));
        }

        _packages[keys.Package]++;
        _index?.Refresh(_slot);
        _index?.SetPackageCount(_slot, keys.Package, _packages[keys.Package]);
    }

    /// <summary>Stops counting an app here (what <see cref="Reserve"/> added).</summary>
    public void Release(AppDemand demand)
    {
        var keys = DemandKeys.Of(demand);
        MemoryReservedBytes -= demand.MemoryBytes;
        CpusReserved = Math.Max(0, CpusReserved - demand.Cpus);
        Count--;
        foreach (var port in keys.Ports)
        {
            if (_appPorts.TryGetValue(port, out var apps) && apps.Remove(demand.App) && apps.Count == 0)
            {
                _appPorts.Remove(port);
            }
        }

        Decrement(_groups, keys.Group);
        if (keys.Package < _packages.Length && _packages[keys.Package] > 0)
        {
            _packages[keys.Package]--;
            _index?.SetPackageCount(_slot, keys.Package, _packages[keys.Package]);
        }

        _index?.Refresh(_slot);
    }

    /// <summary>Why the package cannot run on this host's OS, or null; computed once per package and OS.</summary>
    public string? Incompatibility(AppDemand demand) => Incompatibility(demand, PlacementKeys.OfPackage(demand.Package));

    /// <summary>As <see cref="Incompatibility(AppDemand)"/>, with the package's number.</summary>
    public string? Incompatibility(AppDemand demand, int package)
    {
        if (package >= _compatibility.Length)
        {
            Array.Resize(ref _compatibility, Math.Max(package + 1, _compatibility.Length * 2));
        }

        ref var verdict = ref _compatibility[package];
        if (!verdict.Known)
        {
            verdict = (true, CompatibilityReasons.Of(demand.Requires, _facts));
        }

        return verdict.Reason;
    }

    private static void Decrement(Dictionary<int, int> counts, int key)
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
