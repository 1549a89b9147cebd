using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hoist.Init.Tests.Integration;

/// <summary>Commands that every Debian has (sh, sleep, perl from perl-base) playing servers in tests.</summary>
internal static class Scripts
{
    /// <summary>A TCP listener on 127.0.0.1:<paramref name="port"/>, after <paramref name="delaySeconds"/>;
    /// it answers every connection with an HTTP 200 and closes it.</summary>
    public static string[] Listener(int port, double delaySeconds = 0) =>
    [
        "perl", "-MIO::Socket::INET", "-e",
        """
        select(undef, undef, undef, $ARGV[1]);
        my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1:$ARGV[0]", Listen => 16, ReuseAddr => 1) or die "listen: $!";
        $| = 1; print "listening on $ARGV[0]\n";
        while (my $c = $s->accept) { my $line = <$c>; print $c "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"; close $c }
        """,
        port.ToString(CultureInfo.InvariantCulture), delaySeconds.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>Perl that sends its arguments, joined by newlines, as one datagram to $NOTIFY_SOCKET.</summary>
    public const string Notify =
        """perl -MSocket -e 'socket(my $s, AF_UNIX, SOCK_DGRAM, 0) or die "socket: $!"; send($s, join("\n", @ARGV), 0, pack_sockaddr_un($ENV{NOTIFY_SOCKET})) or die "send: $!"'""";

    /// <summary>A free TCP port on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The number in "NAME: ready in N ms" of hoist-init's log.</summary>
    public static int ReadyMilliseconds(string log, string service)
    {
        var marker = $"{service}: ready in ";
        var line = log.Split('\n').Single(l => l.Contains(marker, StringComparison.Ordinal));
        var text = line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0];
        return int.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>The pid in the first "NAME: started, pid N" of hoist-init's log.</summary>
    public static int StartedPid(string log, string service)
    {
        var marker = $"{service}: started, pid ";
        var line = log.Split('\n').First(l => l.Contains(marker, StringComparison.Ordinal));
        return int.Parse(line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..], CultureInfo.InvariantCulture);
    }
}
