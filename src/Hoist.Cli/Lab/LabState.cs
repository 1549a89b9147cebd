using System.Text.Json.Serialization;

namespace Hoist.Cli.Lab;

/// <summary>What `hoist lab up` made, kept in $HOIST_HOME/lab/lab.json so that status and down find it.</summary>
internal sealed record LabState
{
    public required string Controller { get; init; }

    public required int ControllerPid { get; init; }

    public required string Bridge { get; init; }

    public IReadOnlyList<LabHostState> Hosts { get; init; } = [];

    public DateTimeOffset Created { get; init; }
}

/// <summary>One host of the lab: its network namespace's address, its OS image, its agent's own Hoist home,
/// and the process group of its agent's restart loop.</summary>
internal sealed record LabHostState
{
    public required string Name { get; init; }

    public required string Address { get; init; }

    public required string Image { get; init; }

    public required string Root { get; init; }

    public int AgentPid { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LabState))]
internal sealed partial class LabJson : JsonSerializerContext;
