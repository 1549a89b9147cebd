namespace Hoist.Linux.Proc;

/// <summary>The sockets a process and its descendants listen on, matched through their file
/// descriptors' socket inodes to the socket tables of their network namespace.</summary>
public static class ProcessSockets
{
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

        var sockets = new HashSet<ListeningSocket>();
        foreach (var (file, protocol, state) in new[] { ("tcp", "tcp", "0A"), ("tcp6", "tcp", "0A"), ("udp", "udp", "07"), ("udp6", "udp", "07") })
        {
            string table;
            try
            {
                table = File.ReadAllText($"/proc/{pid}/net/{file}");
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var line in table.Split('\n').Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == state && inodes.Contains(fields[9]))
                {
                    sockets.UnionWith(ProcNet.Parse(table.Split('\n')[0] + "\n" + line, protocol, state));
                }
            }
        }

        return sockets;
    }
}
