using System.Text;
using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Hosts;

public sealed class DrainTests
{
    private static async Task<(TestController Controller, FakeAgent[] Agents)> FabricAsync(int hosts)
    {
        var controller = await TestController.StartAsync();
        var agents = new List<FakeAgent>();
        try
        {
            for (var i = 1; i <= hosts; i++)
            {
                agents.Add(await FakeAgent.StartAsync(controller, $"h{i}", TestFacts.Bookworm()));
            }

            await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
            await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(name: "cache"));
            await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Host = "h1" }, default);
            await controller.Client.DeployAsync(new DeployRequest { Package = "cache", Host = "h1", Settings = new Dictionary<string, string> { ["port"] = "7000" } }, default);
            await Eventually.WaitAsync(() => controller.Client.AppsAsync(default), apps => apps.All(a => a.Status == AppStates.Running), "both apps running on h1");
            return (controller, [.. agents]);
        }
        catch
        {
            await controller.DisposeAsync(agents);
            throw;
        }
    }

    [Fact]
    public async Task Drain_TwoApps_EachMigratedWarmThenDrainedAndResumed()
    {
        var (controller, agents) = await FabricAsync(2);
        await using var _ = controller;

        var drain = await controller.Client.DrainAsync("h1", default);
        Assert.Equal(HostStates.Draining, drain.Host.State);
        Assert.Equal(["cache", "redis"], drain.Migrations.Select(m => m.App).Order());
        Assert.All(drain.Migrations, m => Assert.Equal((MigrationModes.Warm, "h2"), (m.Mode, m.Target)));
        var drained = await Eventually.WaitAsync(() => controller.Client.HostAsync("h1", default), h => h.State == HostStates.Drained, "h1 drained");

        Assert.Empty(drained.Apps);
        Assert.All(await controller.Client.AppsAsync(default), a => Assert.Equal("h2", a.Host));
        var refused = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "redis", Name = "r2", Host = "h1", Settings = new Dictionary<string, string> { ["port"] = "1" } }, default));
        Assert.Contains("drained", refused.Message, StringComparison.Ordinal);

        var resumed = await controller.Client.ResumeAsync("h1", default);

        Assert.Equal(HostStates.Ready, resumed.State);
        var kinds = (await controller.Client.EventsAsync(0, 1000, default)).Select(e => e.Kind).Where(k => k.StartsWith("host.d", StringComparison.Ordinal) || k == "host.resumed");
        Assert.Equal(["host.draining", "host.drained", "host.resumed"], kinds);
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Drain_NoOtherHost_ProblemAndStillDraining()
    {
        var (controller, agents) = await FabricAsync(1);
        await using var _ = controller;

        var drain = await controller.Client.DrainAsync("h1", default);

        Assert.Empty(drain.Migrations);
        Assert.Equal(HostStates.Draining, drain.Host.State);
        Assert.Contains("no other host can take", drain.Host.Problem, StringComparison.Ordinal);
        await agents[0].DisposeAsync();
    }

    [Fact]
    public async Task Upgrade_DrainThenReimageThenReady()
    {
        var (controller, agents) = await FabricAsync(2);
        await using var _ = controller;
        var missing = await Assert.ThrowsAsync<HoistException>(() => controller.Client.UpgradeAsync("h1", new UpgradeRequest { Image = "trixie" }, default));
        await PushImageAsync(controller);

        var upgrading = await controller.Client.UpgradeAsync("h1", new UpgradeRequest { Image = "trixie" }, default);
        var ready = await Eventually.WaitAsync(() => controller.Client.HostAsync("h1", default), h => h.State == HostStates.Ready && h.Problem is null && agents[0].Facts.Image == "trixie", "h1 upgraded");

        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Equal(HostStates.Draining, upgrading.State);
        var reimage = agents[0].Received.Single(o => o.Kind == OrderKinds.Reimage);
        Assert.Equal("trixie", reimage.Image);
        Assert.True(agents[0].Received.Where(o => o.Kind == OrderKinds.Remove).All(o => o.Id < reimage.Id), "every app left h1 before its reimage");
        Assert.Equal(2, agents[0].Received.Count(o => o.Kind == OrderKinds.Remove));
        Assert.Empty(ready.Apps);
        var kinds = (await controller.Client.EventsAsync(0, 1000, default)).Select(e => e.Kind).Where(k => k.StartsWith("host.", StringComparison.Ordinal) && k != "host.registered");
        Assert.Equal(["host.upgrading", "host.draining", "host.drained", "host.upgrading", "host.upgraded"], kinds);
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Upgrade_ReimageFails_ProblemAndDrained()
    {
        var (controller, agents) = await FabricAsync(2);
        await using var _ = controller;
        await PushImageAsync(controller);
        agents[0].Script = o => o.Kind == OrderKinds.Reimage ? Reply.Fail("no space for the image") : null;

        await controller.Client.UpgradeAsync("h1", new UpgradeRequest { Image = "trixie" }, default);
        var failed = await Eventually.WaitAsync(() => controller.Client.HostAsync("h1", default), h => h.Problem is not null, "the upgrade to fail");

        Assert.Equal(HostStates.Drained, failed.State);
        Assert.Contains("no space for the image", failed.Problem, StringComparison.Ordinal);
        Assert.Contains(await controller.Client.EventsAsync(0, 1000, default), e => e.Kind == "host.upgrade-failed");
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    /// <summary>An image item: a tree recipe of one file, its chunk uploaded.</summary>
    private static async Task PushImageAsync(TestController controller)
    {
        var tree = await TestTrees.PushTreeAsync(controller.Client, new Dictionary<string, byte[]> { ["etc/os-release"] = Encoding.UTF8.GetBytes("ID=debian\nVERSION_ID=13\n") });
        await controller.Client.AddLibraryItemAsync(new LibraryItemRequest
        {
            Kind = LibraryKinds.Image, Name = "trixie", Version = "13", Digest = tree, Recipe = tree, Image = TestFacts.Trixie() with { Cpus = 0, MemoryBytes = 0 },
        }, default);
        Assert.True(Digest.TryParse(tree, out _));
    }
}
