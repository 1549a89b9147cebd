namespace Hoist.Library.Images;

/// <summary>What to build: an image named <paramref name="Name"/> from the Debian release <paramref name="Release"/>.</summary>
public sealed record ImageBuildRequest(string Name, string Release)
{
    /// <summary>Build again even when an image of that name and release exists.</summary>
    public bool Rebuild { get; init; }

    /// <summary>The Debian mirror; null for the one this machine's apt uses.</summary>
    public string? Mirror { get; init; }
}
