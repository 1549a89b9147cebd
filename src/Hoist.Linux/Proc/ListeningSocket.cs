namespace Hoist.Linux.Proc;

/// <summary>A socket waiting for connections (tcp) or datagrams (udp).</summary>
public sealed record ListeningSocket(string Protocol, string Address, int Port);
