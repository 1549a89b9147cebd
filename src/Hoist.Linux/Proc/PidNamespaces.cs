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

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Link($"{directory}/ns/pid") != namespaceId)
            {
                continue;
            }

            var nspid = Read($"{directory}/status").Split('\n').FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
            var fields = nspid?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields is { Length: >= 2 } && fields[^1] == pidInside.ToString(CultureInfo.InvariantCulture))
            {
                return pid;
            }
        }

        return null;
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
