using System.Globalization;
using Hoist.Linux.Net;
using Hoist.Runtime.Apps;
using FabricFacts = Hoist.Fabric.Api.HostFacts;

namespace Hoist.Agent;

/// <summary>Reads what an agent reports of its host: the OS (from its image, or the machine's own root)
/// and the capacity now (CPUs, memory, disk, listening ports of the agent's network namespace).</summary>
public static class HostFactsReader
{
    /// <summary>The facts of <paramref name="host"/>, with the free space of the filesystem that holds
    /// <paramref name="root"/>.</summary>
    public static FabricFacts Read(HostContext host, string root)
    {
        var (total, available) = Memory();
        return new FabricFacts
        {
            Image = host.Image,
            Os = host.OsDescription,
            Architecture = host.Facts.Architecture,
            Glibc = host.Facts.Glibc,
            Libraries = host.Facts.Libraries,
            Cpus = Environment.ProcessorCount,
            MemoryBytes = total,
            MemoryAvailableBytes = available,
            DiskFreeBytes = DiskFree(root),
            PortsInUse = ListeningPorts(),
        };
    }

    /// <summary>The ports listened on in the agent's network namespace now, as "PORT/PROTOCOL", sorted.</summary>
    public static List<string> ListeningPorts() =>
        SockDiag.Listening().Select(s => $"{s.Socket.Port}/{s.Socket.Protocol}").Distinct().Order(StringComparer.Ordinal).ToList();

    // MemTotal and MemAvailable of /proc/meminfo, in bytes.
    private static (long Total, long Available) Memory()
    {
        long total = 0, available = 0;
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            {
                if (fields[0] == "MemTotal:")
                {
                    total = kib * 1024;
                }
                else if (fields[0] == "MemAvailable:")
                {
                    available = kib * 1024;
                }
            }
        }

        return (total, available);
    }

    private static long DiskFree(string path)
    {
        try
        {
            return new DriveInfo(path).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
