using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Apps;

public sealed class ScaleTests
{
    private static async Task<(TestController, FakeAgent[])> FabricAsync(int hosts)
    {
        var controller = await TestController.StartAsync();
        var agents = new List<FakeAgent>();
        try
        {
            for (var i = 1; i <= hosts; i++)
            {
                agents.Add(await FakeAgent.StartAsync(controller, $"h{i}", TestFacts.Bookworm()));
            }

            await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Web(maxInstances: 5));
            await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
            return (controller, [.. agents]);
        }
        catch
        {
            await controller.DisposeAsync(agents);
            throw;
        }
    }

    [Fact]
    public async Task Scale_Up_NewInstancesNamedByNumberOnDistinctHosts()
    {
        var (controller, agents) = await FabricAsync(3);
        await using var _ = controller;
        await controller.Client.DeployAsync(new DeployRequest { Package = "web", Settings = new Dictionary<string, string> { ["memory"] = "128M" } }, default);

        var result = await controller.Client.ScaleAsync("web", new ScaleRequest { Instances = 3 }, default);

        Assert.Equal(["web-2", "web-3"], result.Added);
        Assert.Equal(["web", "web-2", "web-3"], result.Instances.Select(i => i.Name));
        Assert.Equal(3, result.Instances.Select(i => i.Host).Distinct().Count());
        Assert.All(result.Instances, i => Assert.Equal(("web", "128M"), (i.Group, i.Resources["memory"])));
        await Eventually.WaitAsync(() => controller.Client.AppsAsync(default), apps => apps.All(a => a.Status == AppStates.Running), "every instance to run");
        Assert.Contains(await controller.Client.EventsAsync(0, 100, default), e => e.Kind == "app.scaled");
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scale_BeyondTheHosts_NoneCreated()
    {
        var (controller, agents) = await FabricAsync(2);
        await using var _ = controller;
        await controller.Client.DeployAsync(new DeployRequest { Package = "web" }, default);

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.ScaleAsync("web", new ScaleRequest { Instances = 3 }, default));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("an instance of web is already there", error.Message, StringComparison.Ordinal);
        Assert.Single(await controller.Client.AppsAsync(default));
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scale_Down_HighestNumberedRemovedOnceItsHostConfirms()
    {
        var (controller, agents) = await FabricAsync(3);
        await using var _ = controller;
        await controller.Client.DeployAsync(new DeployRequest { Package = "web" }, default);
        await controller.Client.ScaleAsync("web", new ScaleRequest { Instances = 3 }, default);

        var result = await controller.Client.ScaleAsync("web-2", new ScaleRequest { Instances = 1 }, default);

        Assert.Equal(["web-3", "web-2"], result.Removed);
        Assert.Equal(["web"], result.Instances.Select(i => i.Name));
        await Eventually.WaitAsync(() => controller.Client.AppsAsync(default), apps => apps.Count == 1, "the removed instances to go");
        Assert.Equal(2, agents.Sum(a => a.Received.Count(o => o.Kind == OrderKinds.Remove)));
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scale_PackageOfOneInstance_FailedPreconditionNamingMaxInstances()
    {
        var (controller, agents) = await FabricAsync(2);
        await using var _ = controller;
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.ScaleAsync("redis", new ScaleRequest { Instances = 2 }, default));
        var tooMany = await Assert.ThrowsAsync<HoistException>(async () =>
        {
            await controller.Client.DeployAsync(new DeployRequest { Package = "web" }, default);
            await controller.Client.ScaleAsync("web", new ScaleRequest { Instances = 6 }, default);
        });

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("maxInstances", error.Message, StringComparison.Ordinal);
        Assert.Contains("maxInstances", tooMany.Message, StringComparison.Ordinal);
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }
}
