using Hoist.Fabric.Api;

namespace Hoist.Controller.Model;

/// <summary>An order as the controller keeps it (the orders table). Immutable.</summary>
internal sealed record OrderRecord
{
    public long Id => Body.Id;

    public required string Host { get; init; }

    /// <summary>What is sent to the agent; its Id is the order's.</summary>
    public required Order Body { get; init; }

    public string State { get; init; } = OrderStates.Pending;

    public OrderResult? Result { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>When a poll first returned it.</summary>
    public DateTimeOffset? Delivered { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public bool IsPending => State == OrderStates.Pending;
}
