namespace Hoist.Fabric.Api;

/// <summary>Where each app of a batch was placed, in the order of the request.</summary>
public sealed record DeployBatchResult
{
    public IReadOnlyList<DeployResult> Deployments { get; init; } = [];
}
