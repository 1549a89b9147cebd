namespace Hoist.Packaging.Manifests;

/// <summary>A port a service listens on.</summary>
public sealed record PortSpec
{
    public int Port { get; init; }

    /// <summary>tcp or udp.</summary>
    public string Protocol { get; init; } = "tcp";

    /// <summary>The addresses it was bound to when probed (0.0.0.0, ::, 127.0.0.1, ...).</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];
}
