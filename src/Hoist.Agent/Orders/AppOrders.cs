using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Fabric.Api;
using Hoist.Runtime.Apps;

namespace Hoist.Agent.Orders;

/// <summary>The orders that create, start, stop and remove apps. Each is idempotent: doing it when it is
/// done already succeeds and changes nothing.</summary>
internal static class AppOrders
{
    /// <summary>app.install: fetches the package if the agent lacks it, adds the app (stopped), starts it
    /// when asked, else makes its container ahead of its start.</summary>
    public static async Task<OrderResult> InstallAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = Required(order.App, "app");
        var (package, fetched) = await agent.Fetcher.EnsurePackageAsync(Required(order.Package, "package"), cancellationToken).ConfigureAwait(false);
        if (agent.Runtime.Apps.Find(name) is { } existing)
        {
            if (existing.Package != package.Digest)
            {
                throw HoistException.AlreadyExists($"app '{name}' exists on host {agent.Options.Name} with another package ({existing.Package.Short})");
            }
        }
        else
        {
            var settings = new Dictionary<string, string>(order.Parameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            foreach (var (key, value) in order.Resources ?? new Dictionary<string, string>())
            {
                settings[key] = value;
            }

            await new AppController(agent.Runtime).AddAsync(new AddRequest(package.Digest.ToString(), agent.HostRecordName, name, settings), cancellationToken).ConfigureAwait(false);
        }

        if (order.Start)
        {
            await new AppStarter(agent.Runtime).StartAsync(name, new StartOptions(), NullProgress.Instance, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await new AppStarter(agent.Runtime).PrepareAsync(name, cancellationToken).ConfigureAwait(false);
        }

        return await ResultAsync(agent, name, cancellationToken, fetched).ConfigureAwait(false);
    }

    public static async Task<OrderResult> StartAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = Required(order.App, "app");
        StateOrders.ForgetIncoming(agent, name);
        await new AppStarter(agent.Runtime).StartAsync(name, new StartOptions(), NullProgress.Instance, cancellationToken).ConfigureAwait(false);
        return await ResultAsync(agent, name, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<OrderResult> StopAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = Required(order.App, "app");
        await new AppStopper(agent.Runtime).StopAsync(name, TimeoutOf(agent, order), NullProgress.Instance, cancellationToken).ConfigureAwait(false);
        await new AppStarter(agent.Runtime).PrepareAsync(name, cancellationToken).ConfigureAwait(false);
        return await ResultAsync(agent, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>app.remove: stops the app if it runs (thawing it if frozen), removes it and its state. An app
    /// that does not exist is removed already.</summary>
    public static async Task<OrderResult> RemoveAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = Required(order.App, "app");
        if (agent.Runtime.Apps.Find(name) is not null)
        {
            await new AppStopper(agent.Runtime).StopAsync(name, TimeoutOf(agent, order), NullProgress.Instance, cancellationToken).ConfigureAwait(false);
            await new AppController(agent.Runtime).RemoveAsync(name, cancellationToken).ConfigureAwait(false);
        }

        agent.ScanCaches.TryRemove(name, out _);
        agent.LastScans.TryRemove(name, out _);
        return new OrderResult { Ok = true };
    }

    /// <summary>app.thaw: resumes a frozen app; one that is not frozen is left as it is.</summary>
    public static async Task<OrderResult> ThawAsync(AgentContext agent, Order order, CancellationToken cancellationToken)
    {
        var name = Required(order.App, "app");
        var layout = agent.Runtime.Layout(agent.Runtime.Apps.Get(name).Name);
        if ((await agent.Runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false))?.Status == "paused")
        {
            await agent.Runtime.Runc.ResumeAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false);
        }

        return await ResultAsync(agent, name, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<OrderResult> ResultAsync(AgentContext agent, string name, CancellationToken cancellationToken, long fetched = 0) =>
        new() { Ok = true, App = await agent.Reporter.ReportAsync(name, cancellationToken).ConfigureAwait(false), BytesFetched = fetched };

    internal static TimeSpan TimeoutOf(AgentContext agent, Order order) =>
        order.TimeoutSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : agent.Options.StopTimeout;

    internal static string Required(string? value, string what) =>
        string.IsNullOrEmpty(value) ? throw HoistException.InvalidArgument($"the order has no {what}") : value;
}
