using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Hoist.Linux.Proc;

/// <summary>Reads the socket tables the kernel prints in /proc/net/{tcp,tcp6,udp,udp6}: one header line,
/// then "sl local_address rem_address st ..." with addresses and ports in hexadecimal. /proc/PID/net
/// shows the tables of the network namespace of process PID.</summary>
public static class ProcNet
{
    /// <summary>The four tables, with the protocol each holds and the state that means "listening":
    /// TCP_LISTEN (0A) for TCP; TCP_CLOSE (07), the state of an unconnected socket, for UDP.</summary>
    public static readonly IReadOnlyList<(string File, string Protocol, string ListeningState)> Tables =
    [
        ("tcp", "tcp", "0A"),
        ("tcp6", "tcp", "0A"),
        ("udp", "udp", "07"),
        ("udp6", "udp", "07"),
    ];

    /// <summary>The listening sockets of the network namespace of process <paramref name="pid"/>.</summary>
    public static IReadOnlySet<ListeningSocket> Listening(int pid)
    {
        var sockets = new HashSet<ListeningSocket>();
        foreach (var (file, protocol, state) in Tables)
        {
            try
            {
                sockets.UnionWith(Parse(File.ReadAllText($"/proc/{pid}/net/{file}"), protocol, state));
            }
            catch (IOException)
            {
                // The process is gone, or the protocol is not built in.
            }
        }

        return sockets;
    }

    /// <summary>The listening sockets of one table. Lines that are not socket rows (the header, blank
    /// lines, garbage) are skipped; so are sockets without a local port.</summary>
    public static IEnumerable<ListeningSocket> Parse(string table, string protocol, string listeningState) =>
        Rows(table, listeningState).Select(row => new ListeningSocket(protocol, row.Address.ToString(), row.Port));

    /// <summary>Like <see cref="Parse"/>, with each socket's inode (to match it to a process's descriptors).</summary>
    public static IEnumerable<(ListeningSocket Socket, string Inode)> ParseWithInodes(string table, string protocol, string listeningState) =>
        Rows(table, listeningState).Select(row => (new ListeningSocket(protocol, row.Address.ToString(), row.Port), row.Inode));

    private static IEnumerable<(IPAddress Address, int Port, string Inode)> Rows(string table, string listeningState)
    {
        foreach (var line in table.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || !fields[0].EndsWith(':') || fields[3] != listeningState)
            {
                continue;
            }

            var local = fields[1].Split(':');
            if (local.Length != 2 || !int.TryParse(local[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var port) || port == 0)
            {
                continue;
            }

            if (Address(local[0]) is { } address)
            {
                yield return (address, port, fields.Length > 9 ? fields[9] : string.Empty);
            }
        }
    }

    // The kernel prints the address as 32-bit words (one for IPv4, four for IPv6), each in the machine's
    // own byte order: read each word as a number and lay it down in that same order to get the bytes.
    private static IPAddress? Address(string hex)
    {
        if (hex.Length is not (8 or 32))
        {
            return null;
        }

        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < bytes.Length / 4; word++)
        {
            if (!uint.TryParse(hex.AsSpan(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            MemoryMarshal.Write(bytes.AsSpan(word * 4, 4), in value);
        }

        return new IPAddress(bytes);
    }
}
