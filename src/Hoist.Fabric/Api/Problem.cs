namespace Hoist.Fabric.Api;

/// <summary>An error as the API returns it (RFC 9457 problem details, with the error's kind and hint).</summary>
public sealed record Problem
{
    public string? Type { get; init; }

    /// <summary>The message: one line naming what failed.</summary>
    public required string Title { get; init; }

    public int Status { get; init; }

    /// <summary>Context lines, if any.</summary>
    public string? Detail { get; init; }

    /// <summary>The ErrorKind name.</summary>
    public string? Kind { get; init; }

    /// <summary>What to do about it.</summary>
    public string? Hint { get; init; }
}
