using System.Globalization;
using System.Net;

namespace Hoist.Linux.Proc;

/// <summary>Reads the listening sockets of a network namespace from /proc/PID/net/{tcp,tcp6,udp,udp6},
/// which show the namespace of process PID.</summary>
public static class ProcNet
{
    private const string TcpListen = "0A";
    private const string UdpUnconnected = "07";

    public static IReadOnlySet<ListeningSocket> Listening(int pid)
    {
        var sockets = new HashSet<ListeningSocket>();
        foreach (var (file, protocol, state) in new[] { ("tcp", "tcp", TcpListen), ("tcp6", "tcp", TcpListen), ("udp", "udp", UdpUnconnected), ("udp6", "udp", UdpUnconnected) })
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid}/net/{file}");
            }
            catch (IOException)
            {
                continue;
            }

            sockets.UnionWith(Parse(text, protocol, state));
        }

        return sockets;
    }

    /// <summary>Parses one /proc/net table: "sl local_address rem_address st ..." with hex addresses.</summary>
    public static IEnumerable<ListeningSocket> Parse(string table, string protocol, string state)
    {
        foreach (var line in table.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != state)
            {
                continue;
            }

            var local = fields[1].Split(':');
            var port = int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (port != 0)
            {
                yield return new ListeningSocket(protocol, Address(local[0]), port);
            }
        }
    }

    // The kernel prints each 32-bit word of the address in host (little-endian) byte order.
    private static string Address(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes).ToString();
    }
}
