using Hoist.Fabric.Api;

namespace Hoist.Bench.Fabric;

/// <summary>
/// One simulated agent's host: the facts a real agent reads on a Debian 12 minbase host (image, OS,
/// amd64, glibc 2.36, the sonames of its libraries, 2 CPUs, 24 GiB, sshd and an exporter listening), and
/// the apps it holds once the deployments are done, reported running in its heartbeats.
/// </summary>
internal sealed class SimulatedHost
{
    /// <summary>Sonames of a bookworm minbase (a real agent reports every one its image offers).</summary>
    private static readonly string[] Libraries =
    [
        "ld-linux-x86-64.so.2", "libacl.so.1", "libapt-pkg.so.6.0", "libattr.so.1", "libaudit.so.1", "libblkid.so.1",
        "libbz2.so.1.0", "libc.so.6", "libcap-ng.so.0", "libcap.so.2", "libcrypt.so.1", "libcrypto.so.3",
        "libdb-5.3.so", "libdebconfclient.so.0", "libdl.so.2", "libgcc_s.so.1", "libgcrypt.so.20", "libgmp.so.10",
        "libgnutls.so.30", "libgpg-error.so.0", "libhogweed.so.6", "libidn2.so.0", "liblz4.so.1", "liblzma.so.5",
        "libm.so.6", "libmd.so.0", "libmount.so.1", "libncursesw.so.6", "libnettle.so.8", "libp11-kit.so.0",
        "libpam.so.0", "libpcre2-8.so.0", "libpthread.so.0", "libresolv.so.2", "librt.so.1", "libseccomp.so.2",
        "libselinux.so.1", "libsemanage.so.2", "libsepol.so.2", "libsmartcols.so.1", "libssl.so.3", "libstdc++.so.6",
        "libsystemd.so.0", "libtasn1.so.6", "libtinfo.so.6", "libudev.so.1", "libunistring.so.2", "libuuid.so.1",
        "libxxhash.so.0", "libz.so.1", "libzstd.so.1",
    ];

    private static readonly string[] HostPorts = ["22/tcp", "9100/tcp", "68/udp"];

    private readonly List<AppReport> _apps = [];

    public SimulatedHost(int index, DateTimeOffset since)
    {
        Index = index;
        Name = NameOf(index);
        Since = since;
    }

    public int Index { get; }

    public string Name { get; }

    /// <summary>When its apps started, as it reports them.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Its apps, as reported in each heartbeat.</summary>
    public IReadOnlyList<AppReport> Apps => _apps;

    public static string NameOf(int index) => $"h{index + 1:0000}";

    public void AddApp(string name, string package, string port) =>
        _apps.Add(new AppReport { Name = name, Package = package, Status = AppStates.Running, Ports = [port], Since = Since });

    /// <summary>The host's facts now; <paramref name="tick"/> moves what changes every second (free memory
    /// and disk), as a real host's do.</summary>
    public HostFacts Facts(int tick) => new()
    {
        Image = "bookworm",
        Os = "Debian GNU/Linux 12 (bookworm)",
        Architecture = "amd64",
        Glibc = "2.36",
        Libraries = Libraries,
        Cpus = 2,
        MemoryBytes = 24L << 30,
        MemoryAvailableBytes = (22L << 30) - ((tick % 64) << 20),
        DiskFreeBytes = (180L << 30) - ((long)(tick % 97) << 16),
        PortsInUse = [.. HostPorts, .. _apps.Select(a => a.Ports[0])],
    };

    public AgentRegistration Registration() => new()
    {
        Name = Name,
        Address = $"10.78.{(Index >> 8) & 0xFF}.{Index & 0xFF}",
        Facts = Facts(0),
        AgentVersion = "0.1.0-bench",
        Apps = _apps,
    };

    public AgentHeartbeat Heartbeat(int tick) => new() { Facts = Facts(tick), Apps = _apps };
}
