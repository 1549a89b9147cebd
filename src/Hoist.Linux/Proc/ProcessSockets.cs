using Hoist.Linux.Net;

namespace Hoist.Linux.Proc;

/// <summary>The sockets a process and its descendants listen on, matched through their file
/// descriptors' socket inodes to the socket tables of their network namespace.</summary>
public static class ProcessSockets
{
    /// <summary>The sockets that <paramref name="pid"/> and its descendants listen on; empty for a
    /// process that is gone. In this process's own network namespace the kernel is asked through
    /// netlink (<see cref="SockDiag"/>); in another, its /proc/PID/net tables are read.</summary>
    public static IReadOnlySet<ListeningSocket> Listening(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in ProcessTree.Members(pid))
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{member}/fd"))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                    {
                        inodes.Add(target[8..^1]);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or not ours to read.
            }
        }

        if (SharesNetworkNamespace(pid))
        {
            return SockDiag.Listening().Where(s => inodes.Contains(s.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture))).Select(s => s.Socket).ToHashSet();
        }

        var sockets = new HashSet<ListeningSocket>();
        foreach (var (file, protocol, state) in ProcNet.Tables)
        {
            try
            {
                sockets.UnionWith(ProcNet.ParseWithInodes(File.ReadAllText($"/proc/{pid}/net/{file}"), protocol, state)
                    .Where(row => inodes.Contains(row.Inode))
                    .Select(row => row.Socket));
            }
            catch (IOException)
            {
                // Gone.
            }
        }

        return sockets;
    }

    // Both links read "net:[INODE]"; a process that is gone shares nothing.
    private static bool SharesNetworkNamespace(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget is { } theirs && theirs == new FileInfo("/proc/self/ns/net").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
