namespace Hoist.Fabric;

/// <summary>The context file ($HOIST_HOME/context.json) that tells the CLI which controller to talk to.</summary>
public sealed record ControllerContextFile
{
    /// <summary>The controller's URL, e.g. http://127.0.0.1:7780.</summary>
    public required string Controller { get; init; }

    public required string Token { get; init; }

    /// <summary>What wrote it ("lab"), so that only its writer removes it.</summary>
    public string? Owner { get; init; }
}
