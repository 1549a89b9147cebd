using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Apps;

public sealed class AppOperationTests
{
    [Fact]
    public async Task StartStopRemove_OrdersToTheHostAndStatusFromItsReports()
    {
        await using var controller = await TestController.StartAsync();
        await using var agent = await FakeAgent.StartAsync(controller, "h1", TestFacts.Bookworm());
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Start = false }, default);
        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Stopped, "redis installed");

        var started = await controller.Client.StartAsync("redis", default);
        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Running, "redis running");
        await controller.Client.StopAsync("redis", default);
        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Stopped, "redis stopped");
        await controller.Client.RemoveAsync("redis", default);
        await Eventually.WaitAsync(() => controller.Client.AppsAsync(default), a => a.Count == 0, "redis removed");

        Assert.Equal("running", started.Desired);
        Assert.Equal([OrderKinds.Install, OrderKinds.Start, OrderKinds.Stop, OrderKinds.Remove], agent.Received.Select(o => o.Kind));
        Assert.Empty(agent.Apps);
        Assert.Empty((await controller.Client.HostAsync("h1", default)).Apps);
        var kinds = (await controller.Client.EventsAsync(0, 100, default)).Select(e => e.Kind).Where(k => k.StartsWith("app.", StringComparison.Ordinal));
        Assert.Equal(["app.deployed", "app.installed", "app.start", "app.started", "app.stop", "app.stopped", "app.remove", "app.removed"], kinds);
    }

    [Fact]
    public async Task App_HostOffline_StatusUnknown()
    {
        await using var controller = await TestController.StartAsync(o => o with { OfflineAfter = TimeSpan.FromMilliseconds(600) });
        await using var agent = await FakeAgent.StartAsync(controller, "h1", TestFacts.Bookworm());
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);
        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Running, "redis running");

        await agent.GoSilentAsync();

        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Unknown, "redis unknown");
        await agent.ComeBackAsync();
        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Running, "redis running again");
    }

    [Fact]
    public async Task App_NotReportedYet_Pending()
    {
        await using var controller = await TestController.StartAsync();
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);

        Assert.Equal(AppStates.Pending, (await controller.Client.AppAsync("redis", default)).Status);
    }

    [Fact]
    public async Task Start_UnknownApp_NotFound()
    {
        await using var controller = await TestController.StartAsync();

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.StartAsync("ghost", default));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Install_AgentFails_AppFailedWithProblemAndEvent()
    {
        await using var controller = await TestController.StartAsync();
        await using var agent = await FakeAgent.StartAsync(controller, "h1", TestFacts.Bookworm());
        agent.Script = o => o.Kind == OrderKinds.Install ? Reply.Fail("the package's layer does not verify") : null;
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);
        var app = await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Failed, "the install to fail");

        Assert.Equal("app.install failed: the package's layer does not verify", app.Problem);
        Assert.Contains(await controller.Client.EventsAsync(0, 100, default), e => e.Kind == "app.install-failed");
    }
}
