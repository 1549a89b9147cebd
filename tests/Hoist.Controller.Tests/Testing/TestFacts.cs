using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Testing;

/// <summary>Host facts of the two OS images the lab uses.</summary>
internal static class TestFacts
{
    public static HostFacts Bookworm(long memoryMiB = 8192, int cpus = 4, params string[] portsInUse) => new()
    {
        Image = "bookworm",
        Os = "Debian GNU/Linux 12 (bookworm)",
        Architecture = "amd64",
        Glibc = "2.36",
        Libraries = ["libc.so.6", "libssl.so.3", "libsystemd.so.0"],
        Cpus = cpus,
        MemoryBytes = memoryMiB << 20,
        MemoryAvailableBytes = memoryMiB << 19,
        DiskFreeBytes = 50L << 30,
        PortsInUse = portsInUse,
    };

    public static HostFacts Trixie(long memoryMiB = 8192, int cpus = 4, params string[] portsInUse) => Bookworm(memoryMiB, cpus, portsInUse) with
    {
        Image = "trixie",
        Os = "Debian GNU/Linux 13 (trixie)",
        Glibc = "2.41",
    };
}
