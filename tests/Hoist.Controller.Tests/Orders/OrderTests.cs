using System.Diagnostics;
using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Orders;

public sealed class OrderTests
{
    private static async Task<TestController> WithHostAndPackageAsync()
    {
        var controller = await TestController.StartAsync();
        try
        {
            await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);
            await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
            return controller;
        }
        catch
        {
            await controller.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task Orders_NotReported_DeliveredAgainFromZeroButNotAfterTheirId()
    {
        await using var controller = await WithHostAndPackageAsync();
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);

        var first = await controller.Client.OrdersAsync("h1", 0, 0, default);
        var again = await controller.Client.OrdersAsync("h1", 0, 0, default);
        var after = await controller.Client.OrdersAsync("h1", first[0].Id, 0, default);

        var install = Assert.Single(first);
        Assert.Equal((OrderKinds.Install, "redis", true), (install.Kind, install.App, install.Start));
        Assert.Equal(install.Id, Assert.Single(again).Id);
        Assert.Empty(after);
    }

    [Fact]
    public async Task Orders_Reported_NoLongerDelivered()
    {
        await using var controller = await WithHostAndPackageAsync();
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);
        var order = Assert.Single(await controller.Client.OrdersAsync("h1", 0, 0, default));

        await controller.Client.ReportAsync("h1", order.Id, new OrderResult { Ok = true }, default);

        Assert.Empty(await controller.Client.OrdersAsync("h1", 0, 0, default));
    }

    [Fact]
    public async Task Orders_LongPoll_WakesAtANewOrderNotAtTheEndOfItsWait()
    {
        await using var controller = await WithHostAndPackageAsync();
        var poll = controller.Client.OrdersAsync("h1", 0, 20, default);
        var state = controller.Get<Model.FabricState>();
        await Eventually.WaitAsync(() => { lock (state.Gate) { return state.Hosts["h1"].Polling == 1; } }, "the poll to wait");

        var clock = Stopwatch.StartNew();
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);
        var orders = await poll;

        // The poll waits up to 20 s. The bound leaves room for the deploy itself on a loaded machine (it
        // once took 966 ms while CI ran other test projects beside it); waking at the order is what counts.
        Assert.Single(orders);
        Assert.True(clock.ElapsedMilliseconds < 5_000, $"the poll woke {clock.ElapsedMilliseconds} ms after the order was sent");
    }

    [Fact]
    public async Task Orders_NothingQueued_EmptyAfterTheWait()
    {
        await using var controller = await WithHostAndPackageAsync();

        Assert.Empty(await controller.Client.OrdersAsync("h1", 0, 0, default));
    }

    [Fact]
    public async Task Report_Repeated_IgnoredAndAppliedOnce()
    {
        await using var controller = await WithHostAndPackageAsync();
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);
        var order = Assert.Single(await controller.Client.OrdersAsync("h1", 0, 0, default));
        var running = new AppReport { Name = "redis", Package = order.Package!, Status = AppStates.Running, Ports = ["6379/tcp"] };

        await controller.Client.ReportAsync("h1", order.Id, new OrderResult { Ok = true, App = running }, default);
        await controller.Client.ReportAsync("h1", order.Id, new OrderResult { Ok = false, Error = "late" }, default);

        var app = await controller.Client.AppAsync("redis", default);
        Assert.Equal((AppStates.Running, (string?)null), (app.Status, app.Problem));
        Assert.Single(await controller.Client.EventsAsync(0, 100, default), e => e.Kind == "app.installed");
    }

    [Fact]
    public async Task Report_OrderOfAnotherHost_NotFound()
    {
        await using var controller = await WithHostAndPackageAsync();
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h2", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Host = "h1" }, default);
        var order = Assert.Single(await controller.Client.OrdersAsync("h1", 0, 0, default));

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.ReportAsync("h2", order.Id, new OrderResult { Ok = true }, default));
        var unknown = await Assert.ThrowsAsync<HoistException>(() => controller.Client.ReportAsync("h1", 999, new OrderResult { Ok = true }, default));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal(ErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task Orders_UnregisteredHost_NotFound()
    {
        await using var controller = await TestController.StartAsync();

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.OrdersAsync("h9", 0, 0, default));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task FakeAgent_EachOrderOnce_AppReportedRunning()
    {
        await using var controller = await WithHostAndPackageAsync();
        await using var agent = await FakeAgent.StartAsync(controller, "h1", TestFacts.Bookworm());

        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);
        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Running, "redis to run");
        await controller.Client.StopAsync("redis", default);
        await Eventually.WaitAsync(() => controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Stopped, "redis to stop");

        Assert.Equal([OrderKinds.Install, OrderKinds.Stop], agent.Received.Select(o => o.Kind));
    }
}
