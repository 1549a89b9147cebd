using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Apps;

public sealed class DeployBatchTests
{
    private static DeployRequest Redis(string name, int port, string memory = "256M", string? host = null) => new()
    {
        Package = "redis",
        Name = name,
        Host = host,
        Settings = new Dictionary<string, string> { ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["memory"] = memory },
    };

    [Fact]
    public async Task DeployBatch_FourApps_EachPlacedCountingTheEarlierOnesAndOrdered()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()), ("h2", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        var result = await controller.Client.DeployBatchAsync(new DeployBatchRequest
        {
            Deployments = [Redis("a", 7001), Redis("b", 7002), Redis("c", 7003), Redis("d", 7004, host: "h1") with { Start = false }],
        }, default);

        // Instances of one package spread: the second goes where the first is not, and so on.
        Assert.Equal([("a", "h1"), ("b", "h2"), ("c", "h1"), ("d", "h1")], result.Deployments.Select(d => (d.App!.Name, d.Host)));
        Assert.All(result.Deployments, d => Assert.True(Assert.Single(d.Verdicts).Chosen));
        var h1 = await controller.Client.OrdersAsync("h1", 0, 0, default);
        Assert.Equal([("a", true), ("c", true), ("d", false)], h1.Select(o => (o.App, o.Start)));
        Assert.Equal("b", Assert.Single(await controller.Client.OrdersAsync("h2", 0, 0, default)).App);
        Assert.Equal(768L << 20, (await controller.Client.HostAsync("h1", default)).MemoryReservedBytes);
        Assert.Equal(["a", "b", "c", "d"], (await controller.Client.AppsAsync(default)).Select(a => a.Name).Order());
        Assert.Equal(4, (await controller.Client.EventsAsync(0, 100, default)).Count(e => e.Kind == "app.deployed"));
    }

    [Fact]
    public async Task DeployBatch_ThirdDoesNotFitAfterTheFirstTwo_NoneCreatedAndTheErrorNamesIt()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm(memoryMiB: 1024)));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployBatchAsync(
            new DeployBatchRequest { Deployments = [Redis("a", 7001, "512M"), Redis("b", 7002, "512M"), Redis("c", 7003, "512M")] }, default));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("deployment 3 of 3 (c): no host can run c: h1: needs 512 MiB, 0 MiB free; nothing was deployed", error.Message);
        Assert.Empty(await controller.Client.AppsAsync(default));
        Assert.Empty(await controller.Client.OrdersAsync("h1", 0, 0, default));
        Assert.Equal(0, (await controller.Client.HostAsync("h1", default)).MemoryReservedBytes);

        // What the refused batch reserved while it was placed was given back: two apps fit.
        var two = await controller.Client.DeployBatchAsync(new DeployBatchRequest { Deployments = [Redis("a", 7001, "512M"), Redis("b", 7002, "512M")] }, default);
        Assert.Equal(["h1", "h1"], two.Deployments.Select(d => d.Host));
    }

    [Fact]
    public async Task DeployBatch_PortTakenByAnEarlierAppOfTheBatch_TheLaterGoesElsewhere()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()), ("h2", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(name: "cache"));

        var result = await controller.Client.DeployBatchAsync(new DeployBatchRequest
        {
            Deployments = [Redis("a", 7001, host: "h1"), Redis("b", 7001) with { Package = "cache" }],
        }, default);

        Assert.Equal(["h1", "h2"], result.Deployments.Select(d => d.Host));
    }

    [Fact]
    public async Task DeployBatch_NameTwiceOrInUse_RefusedWithItsNumberAndNothingCreated()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await controller.Client.DeployAsync(Redis("old", 7000), default);

        var twice = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployBatchAsync(
            new DeployBatchRequest { Deployments = [Redis("a", 7001), Redis("a", 7002)] }, default));
        var inUse = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployBatchAsync(
            new DeployBatchRequest { Deployments = [Redis("b", 7001), Redis("old", 7002)] }, default));

        Assert.Equal((ErrorKind.InvalidArgument, "deployment 2 of 2 (a): app 'a' is named twice in the batch; nothing was deployed"), (twice.Kind, twice.Message));
        Assert.Equal((ErrorKind.AlreadyExists, "deployment 2 of 2 (old): app 'old' exists (on h1); nothing was deployed"), (inUse.Kind, inUse.Message));
        Assert.Equal(["old"], (await controller.Client.AppsAsync(default)).Select(a => a.Name));
    }

    [Fact]
    public async Task DeployBatch_EmptyOrAskingAnExplanation_InvalidArgument()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        var empty = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployBatchAsync(new DeployBatchRequest(), default));
        var explain = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployBatchAsync(
            new DeployBatchRequest { Deployments = [Redis("a", 7001), Redis("b", 7002) with { Explain = true }] }, default));
        var unknown = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployBatchAsync(
            new DeployBatchRequest { Deployments = [Redis("a", 7001) with { Package = "postgres" }] }, default));

        Assert.Equal((ErrorKind.InvalidArgument, "a batch of 0 deployments: a batch holds 1 to 10000"), (empty.Kind, empty.Message));
        Assert.Equal(ErrorKind.InvalidArgument, explain.Kind);
        Assert.StartsWith("deployment 2 of 2 (b): a batch deploys: it takes no dry run or explanation", explain.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorKind.NotFound, "deployment 1 of 1 (a): package 'postgres' is not in the controller's library; nothing was deployed"), (unknown.Kind, unknown.Message));
        Assert.Contains("hoist library push", unknown.Hint, StringComparison.Ordinal);
        Assert.Empty(await controller.Client.AppsAsync(default));
    }
}
