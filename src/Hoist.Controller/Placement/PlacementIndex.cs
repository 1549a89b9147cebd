namespace Hoist.Controller.Placement;

/// <summary>
/// The hosts placement chooses among, with what its cheap filters and its score read of each (state,
/// memory and CPUs with what is reserved, the apps of each package, compatibility with each package) kept
/// side by side in arrays, one slot per host, and kept up to date by the hosts as they change. A placement
/// over 1,000 hosts so reads a few contiguous arrays instead of chasing two objects per host (its scan
/// takes about 5 µs here; 10,000 placements over 1,000 hosts, each reserving on the host chosen, took
/// 260 to 310 ms of CPU through the host objects, 190 to 230 ms through the index, on a loaded machine).
/// Hosts are added, never removed. Not thread-safe: the fabric's lock guards it, as it guards the hosts.
/// </summary>
internal sealed class PlacementIndex
{
    private PlacementHost[] _hosts = [];
    private bool[] _ready = [];
    private long[] _memory = [];
    private long[] _memoryReserved = [];
    private double[] _cpus = [];
    private double[] _cpusReserved = [];

    /// <summary>Each slot's place in the hosts' ordinal order of names (ties of score go to the first
    /// name): a placement compares these numbers, not the names (hosts alike, as a fleet's are, tie on
    /// their score: the best of 1,000 such hosts cost 1,000 string comparisons).</summary>
    private int[] _rank = [];
    private bool _ranksStale;

    /// <summary>By package number, then slot: how many of its apps each host counts.</summary>
    private int[]?[] _packageCounts = [];

    /// <summary>By package number, then slot: 0 not judged yet, 1 compatible, -1 incompatible.</summary>
    private sbyte[]?[] _compatible = [];

    public int Count { get; private set; }

    public PlacementHost this[int slot] => _hosts[slot];

    /// <summary>An index of <paramref name="hosts"/> as they are now, which their later changes do not
    /// reach (for a placement over hosts that are not the fabric's).</summary>
    public static PlacementIndex Snapshot(IEnumerable<PlacementHost> hosts)
    {
        var index = new PlacementIndex();
        foreach (var host in hosts)
        {
            index.Add(host, track: false);
        }

        return index;
    }

    /// <summary>Adds a host; with <paramref name="track"/>, the host keeps its slot up to date from now on
    /// (a host is tracked by one index at most).</summary>
    public void Add(PlacementHost host, bool track = true)
    {
        if (Count == _hosts.Length)
        {
            var size = Math.Max(16, Count * 2);
            Array.Resize(ref _hosts, size);
            Array.Resize(ref _ready, size);
            Array.Resize(ref _memory, size);
            Array.Resize(ref _memoryReserved, size);
            Array.Resize(ref _cpus, size);
            Array.Resize(ref _cpusReserved, size);
            Array.Resize(ref _rank, size);
        }

        var slot = Count++;
        _hosts[slot] = host;
        _ranksStale = true;
        Refresh(slot);
        for (var package = 0; package < host.PackageSlots; package++)
        {
            SetPackageCount(slot, package, host.PackageCount(package));
        }

        if (track)
        {
            host.Track(this, slot);
        }
    }

    /// <summary>The slot's place in the ordinal order of the hosts' names.</summary>
    public int Rank(int slot)
    {
        if (_ranksStale)
        {
            var slots = Enumerable.Range(0, Count).ToArray();
            Array.Sort(slots, (a, b) => string.CompareOrdinal(_hosts[a].Name, _hosts[b].Name));
            for (var i = 0; i < slots.Length; i++)
            {
                _rank[slots[i]] = i;
            }

            _ranksStale = false;
        }

        return _rank[slot];
    }

    /// <summary>The slot of the host named so, or -1.</summary>
    public int SlotOf(string? name)
    {
        if (name is not null)
        {
            for (var slot = 0; slot < Count; slot++)
            {
                if (_hosts[slot].Name == name)
                {
                    return slot;
                }
            }
        }

        return -1;
    }

    /// <summary>Copies the host's state and totals into its slot.</summary>
    public void Refresh(int slot)
    {
        var host = _hosts[slot];
        _ready[slot] = host.State == Fabric.Api.HostStates.Ready;
        _memory[slot] = host.Facts.MemoryBytes;
        _memoryReserved[slot] = host.MemoryReservedBytes;
        _cpus[slot] = host.Facts.Cpus;
        _cpusReserved[slot] = host.CpusReserved;
    }

    /// <summary>Forgets the slot's compatibility verdicts (its OS changed).</summary>
    public void ForgetCompatibility(int slot)
    {
        foreach (var verdicts in _compatible)
        {
            if (verdicts is not null && slot < verdicts.Length)
            {
                verdicts[slot] = 0;
            }
        }
    }

    public void SetPackageCount(int slot, int package, int count)
    {
        if (package >= _packageCounts.Length)
        {
            Array.Resize(ref _packageCounts, Math.Max(package + 1, _packageCounts.Length * 2));
        }

        ref var counts = ref _packageCounts[package];
        if (counts is null || counts.Length <= slot)
        {
            if (count == 0)
            {
                return;
            }

            Array.Resize(ref counts, Math.Max(slot + 1, _hosts.Length));
        }

        counts[slot] = count;
    }

    /// <summary>Puts into <paramref name="candidates"/> (at least <see cref="Count"/> long) every slot but
    /// <paramref name="excluded"/> that passes the filters that cost no lookup (ready, memory, CPUs,
    /// compatibility with package number <paramref name="package"/>), each with its score (see
    /// <see cref="Placer"/>); returns how many.</summary>
    public int Gather(AppDemand demand, int package, int excluded, (double Score, int Slot)[] candidates)
    {
        var counts = package < _packageCounts.Length ? _packageCounts[package] : null;
        var compatible = CompatibilityOf(package);
        var n = 0;
        for (var slot = 0; slot < Count; slot++)
        {
            var memory = _memory[slot];
            var cpus = _cpus[slot];
            if (!_ready[slot] || slot == excluded
                || demand.MemoryBytes > memory - _memoryReserved[slot]
                || demand.Cpus > cpus - _cpusReserved[slot] + 1e-9)
            {
                continue;
            }

            var verdict = compatible[slot];
            if (verdict == 0)
            {
                verdict = compatible[slot] = _hosts[slot].Incompatibility(demand, package) is null ? (sbyte)1 : (sbyte)-1;
            }

            if (verdict < 0)
            {
                continue;
            }

            var memoryFraction = memory > 0 ? (double)(_memoryReserved[slot] + demand.MemoryBytes) / memory : 1;
            var cpuFraction = cpus > 0 ? (_cpusReserved[slot] + demand.Cpus) / cpus : 1;
            var spread = counts is not null && slot < counts.Length ? counts[slot] : 0;
            candidates[n++] = (1 - Math.Max(memoryFraction, cpuFraction) - (0.5 * spread), slot);
        }

        return n;
    }

    private sbyte[] CompatibilityOf(int package)
    {
        if (package >= _compatible.Length)
        {
            Array.Resize(ref _compatible, Math.Max(package + 1, _compatible.Length * 2));
        }

        ref var verdicts = ref _compatible[package];
        if (verdicts is null || verdicts.Length < Count)
        {
            Array.Resize(ref verdicts, _hosts.Length);
        }

        return verdicts!;
    }
}
