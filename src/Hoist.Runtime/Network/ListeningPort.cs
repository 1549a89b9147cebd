using System.Net;

namespace Hoist.Runtime.Network;

/// <summary>A socket listening in a network namespace: a TCP socket in LISTEN state or an unconnected
/// UDP socket bound to a port.</summary>
/// <param name="Protocol">"tcp" or "udp" (IPv4 and IPv6 alike; the address tells them apart).</param>
/// <param name="Address">The local address it is bound to; 0.0.0.0 or :: for every address.</param>
/// <param name="Port">The local port, 1 to 65535.</param>
public sealed record ListeningPort(string Protocol, IPAddress Address, int Port);
