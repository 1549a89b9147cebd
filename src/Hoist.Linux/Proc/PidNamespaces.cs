using System.Globalization;

namespace Hoist.Linux.Proc;

/// <summary>Maps pids between a container's pid namespace and this machine's.</summary>
public static class PidNamespaces
{
    /// <summary>The pid on this machine of the process that has pid <paramref name="pidInside"/> in the
    /// pid namespace of <paramref name="initPid"/> (a pid of this machine); null when there is none.</summary>
    public static int? HostPidOf(int initPid, int pidInside)
    {
        var namespaceId = Link($"/proc/{initPid}/ns/pid");
        if (namespaceId is null)
        {
            return null;
        }

        // The namespace's init's descendants first: a few processes to read where /proc holds every process
        // of the machine. Only what joined the namespace from outside (runc exec) needs the whole scan.
        foreach (var pid in ProcessTree.Members(initPid).Concat(AllPids()))
        {
            if (Is(pid, namespaceId, pidInside))
            {
                return pid;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="hostPid"/> (a pid of this machine) is the process that has pid
    /// <paramref name="pidInside"/> in the pid namespace of <paramref name="initPid"/>: a pid found by
    /// <see cref="HostPidOf"/> is checked so before it is used again, because a process that ended may
    /// have left it to another.</summary>
    public static bool IsHostPidOf(int hostPid, int initPid, int pidInside) =>
        Link($"/proc/{initPid}/ns/pid") is { } namespaceId && Is(hostPid, namespaceId, pidInside);

    private static bool Is(int pid, string namespaceId, int pidInside) =>
        Link($"/proc/{pid}/ns/pid") == namespaceId && InnermostPid(pid) == pidInside;

    private static IEnumerable<int> AllPids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    // The last field of "NSpid:" in /proc/PID/status: the pid in the process's own (innermost) namespace.
    private static int? InnermostPid(int pid)
    {
        var nspid = Read($"/proc/{pid}/status").Split('\n').FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
        var fields = nspid?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 2 } && int.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var inside) ? inside : null;
    }

    private static string? Link(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
