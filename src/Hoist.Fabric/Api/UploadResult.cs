namespace Hoist.Fabric.Api;

/// <summary>What an upload of chunks stored.</summary>
public sealed record UploadResult
{
    /// <summary>Chunks received.</summary>
    public int Chunks { get; init; }

    /// <summary>Of those, the ones the controller did not have.</summary>
    public int Stored { get; init; }

    /// <summary>Bytes received (the stored form).</summary>
    public long Bytes { get; init; }
}
