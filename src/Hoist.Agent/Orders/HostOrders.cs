using Hoist.Core.Errors;
using Hoist.Fabric.Api;
using Hoist.Runtime.Hosts;

namespace Hoist.Agent.Orders;

/// <summary>The orders about the host itself.</summary>
internal static class HostOrders
{
    /// <summary>host.reimage: fetches the image if the agent lacks it and puts it under the host, which
    /// must hold no app (the controller drains it first). The machine itself is never reimaged.</summary>
    public static async Task<OrderResult> ReimageAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var image = AppOrders.Required(order.Image, "image");
        if (agent.HostRecordName == HostRecord.LocalName)
        {
            throw HoistException.InvalidArgument($"host {agent.Options.Name} is a machine's own root: Hoist does not replace its OS");
        }

        var apps = agent.Runtime.Apps.List(agent.HostRecordName);
        if (apps.Count > 0)
        {
            throw HoistException.FailedPrecondition($"host {agent.Options.Name} still holds {string.Join(", ", apps.Select(a => a.Name))}", "drain it first");
        }

        var record = await agent.Fetcher.EnsureImageAsync(image, cancellationToken).ConfigureAwait(false);
        agent.Hosts.Update(agent.HostRecordName, record.Name, HostRecord.ReadyState);
        agent.Say($"now on image {record.Name} ({record.Description})");
        return new OrderResult { Ok = true };
    }
}
