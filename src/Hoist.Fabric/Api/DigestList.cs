namespace Hoist.Fabric.Api;

/// <summary>A list of chunk digests ("sha256:HEX").</summary>
public sealed record DigestList
{
    public IReadOnlyList<string> Digests { get; init; } = [];
}
