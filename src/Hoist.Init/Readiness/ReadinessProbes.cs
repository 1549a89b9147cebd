using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hoist.Init.Readiness;

/// <summary>Single attempts of the network readiness checks; each returns false on any failure.</summary>
internal static class ReadinessProbes
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>True when a TCP connection to <paramref name="address"/>:<paramref name="port"/> succeeds.</summary>
    public static async Task<bool> ConnectAsync(string address, int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            using var socket = await OpenAsync(address, port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>True when an HTTP/1.1 GET of <paramref name="url"/> (http only) answers 2xx or 3xx.</summary>
    public static async Task<bool> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            using var socket = await OpenAsync(url.Host, url.Port, attempt.Token).ConfigureAwait(false);
            var request = $"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nUser-Agent: hoist-init\r\nConnection: close\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), attempt.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var length = 0;
            while (length < 12)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(length), attempt.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                length += read;
            }

            // "HTTP/1.1 200 OK": the first digit of the status code.
            return Encoding.ASCII.GetString(buffer, 0, length).StartsWith("HTTP/", StringComparison.Ordinal)
                && buffer[9] is (byte)'2' or (byte)'3';
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>A connected socket; an address literal gets a socket of its own family (a container may
    /// have no IPv6), a name a dual-mode one.</summary>
    private static async Task<Socket> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        EndPoint endPoint = IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
        var socket = ip is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
