namespace Hoist.Sequencing.Probing;

/// <summary>A socket waiting for connections (tcp) or datagrams (udp).</summary>
internal sealed record ListeningSocket(string Protocol, string Address, int Port);
