using Hoist.Controller.Hosts;
using Hoist.Controller.Tests.Testing;
using Hoist.Fabric.Api;
using Microsoft.Extensions.Time.Testing;

namespace Hoist.Controller.Tests.Agents;

public sealed class AgentTests
{
    [Fact]
    public async Task Register_NewHost_ListedReadyWithItsFactsAndAnEvent()
    {
        await using var controller = await TestController.StartAsync();

        var view = await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Address = "10.78.0.2", Facts = TestFacts.Bookworm(), AgentVersion = "0.1.0" }, default);

        Assert.Equal(HostStates.Ready, view.State);
        var host = Assert.Single(await controller.Client.HostsAsync(default));
        Assert.Equal(("h1", "10.78.0.2", "bookworm", "0.1.0"), (host.Name, host.Address, host.Facts.Image, host.AgentVersion));
        Assert.Contains(await controller.Client.EventsAsync(0, 100, default), e => e.Kind == "host.registered" && e.Subject == "h1");
    }

    [Fact]
    public async Task Hosts_Listing_LeavesTheLibrariesOutThatOneHostsViewHas()
    {
        await using var controller = await TestController.StartAsync();
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);

        var listed = Assert.Single(await controller.Client.HostsAsync(default));
        var one = await controller.Client.HostAsync("h1", default);

        Assert.Empty(listed.Facts.Libraries);
        Assert.Equal(["libc.so.6", "libssl.so.3", "libsystemd.so.0"], one.Facts.Libraries);
        Assert.Equal(one.Facts.Glibc, listed.Facts.Glibc);
    }

    [Fact]
    public async Task Register_NameDiffersFromRoute_InvalidArgument()
    {
        await using var controller = await TestController.StartAsync();

        var error = await Assert.ThrowsAsync<Core.Errors.HoistException>(() => controller.Client.PostAsync(
            Fabric.ApiRoutes.Register("h1"), new AgentRegistration { Name = "h2", Facts = TestFacts.Bookworm(), AgentVersion = "t" },
            Fabric.FabricJson.Default.AgentRegistration, Fabric.FabricJson.Default.HostView, default));

        Assert.Equal(Core.Errors.ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public async Task Heartbeat_UnknownHost_NotKnown()
    {
        await using var controller = await TestController.StartAsync();

        var reply = await controller.Client.HeartbeatAsync("nobody", new AgentHeartbeat { Facts = TestFacts.Bookworm() }, default);

        Assert.False(reply.Known);
    }

    [Fact]
    public async Task Heartbeat_KnownHost_UpdatesFactsAndLastSeen()
    {
        await using var controller = await TestController.StartAsync();
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);
        var before = await controller.Client.HostAsync("h1", default);

        var reply = await controller.Client.HeartbeatAsync("h1", new AgentHeartbeat { Facts = TestFacts.Bookworm(portsInUse: "22/tcp") }, default);

        Assert.True(reply.Known);
        var after = await controller.Client.HostAsync("h1", default);
        Assert.Equal(["22/tcp"], after.Facts.PortsInUse);
        Assert.True(after.LastSeen >= before.LastSeen);
    }

    [Fact]
    public async Task HostMonitor_NoHeartbeatForOfflineDelay_OfflineThenBackAtHeartbeat()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var controller = await TestController.StartAsync(o => o with { Time = time, OfflineAfter = TimeSpan.FromSeconds(5) });
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);
        var monitor = controller.Get<HostMonitor>();

        time.Advance(TimeSpan.FromSeconds(4));
        monitor.Check();
        Assert.Equal(HostStates.Ready, (await controller.Client.HostAsync("h1", default)).State);

        time.Advance(TimeSpan.FromSeconds(2));
        monitor.Check();
        Assert.Equal(HostStates.Offline, (await controller.Client.HostAsync("h1", default)).State);

        await controller.Client.HeartbeatAsync("h1", new AgentHeartbeat { Facts = TestFacts.Bookworm() }, default);
        Assert.Equal(HostStates.Ready, (await controller.Client.HostAsync("h1", default)).State);
        var kinds = (await controller.Client.EventsAsync(0, 100, default)).Select(e => e.Kind).ToList();
        Assert.Equal(["host.registered", "host.offline", "host.back"], kinds);
    }

    [Fact]
    public async Task Register_AfterRestartOfController_HostKnownAndReady()
    {
        await using var controller = await TestController.StartAsync();
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);

        await controller.RestartAsync();

        Assert.True((await controller.Client.HeartbeatAsync("h1", new AgentHeartbeat { Facts = TestFacts.Bookworm() }, default)).Known);
        Assert.Equal(HostStates.Ready, (await controller.Client.HostAsync("h1", default)).State);
    }
}
