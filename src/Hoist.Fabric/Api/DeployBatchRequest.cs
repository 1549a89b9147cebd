namespace Hoist.Fabric.Api;

/// <summary>Several deployments in one request (`hoist deploy --file`): each app is placed and created as
/// one <see cref="DeployRequest"/> would be, counting the batch's earlier apps, and all are written at once.
/// All or none: when one cannot be deployed, none is.</summary>
public sealed record DeployBatchRequest
{
    /// <summary>The deployments, in the order they are placed; neither <see cref="DeployRequest.DryRun"/> nor
    /// <see cref="DeployRequest.Explain"/> may be set (ask for verdicts one app at a time).</summary>
    public IReadOnlyList<DeployRequest> Deployments { get; init; } = [];
}
