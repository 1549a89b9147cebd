using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Apps;

public sealed class DeployTests
{
    [Fact]
    public async Task Deploy_GlibcOnlyOnTrixie_TrixieHostChosenAndInstallOrdered()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()), ("h2", TestFacts.Trixie()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(glibc: "2.38"));

        var result = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Settings = new Dictionary<string, string> { ["memory"] = "512M" } }, default);

        Assert.Equal("h2", result.Host);
        Assert.Equal(("redis", "redis", "h2", AppStates.Pending, "running"), (result.App!.Name, result.App.Group, result.App.Host, result.App.Status, result.App.Desired));
        var install = Assert.Single(await controller.Client.OrdersAsync("h2", 0, 0, default));
        Assert.Equal((OrderKinds.Install, "redis", true, "512M"), (install.Kind, install.App, install.Start, install.Resources!["memory"]));
        Assert.Equal(512L << 20, (await controller.Client.HostAsync("h2", default)).MemoryReservedBytes);
        Assert.Contains(await controller.Client.EventsAsync(0, 100, default), e => e.Kind == "app.deployed" && e.Message.Contains("placed on h2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_SeveralHosts_LeastLoadedChosen()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()), ("h2", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(name: "cache"));
        await controller.Client.DeployAsync(new DeployRequest { Package = "cache", Host = "h1", Settings = new Dictionary<string, string> { ["memory"] = "2G", ["port"] = "7000" } }, default);

        var result = await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);

        Assert.Equal("h2", result.Host);
    }

    [Fact]
    public async Task Deploy_OnlyIncompatibleHosts_FailedPreconditionWithTheOsReason()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(glibc: "2.38"));

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("no host can run redis: h1: OS Debian GNU/Linux 12 (bookworm) lacks GLIBC_2.38", error.Message);
        Assert.Empty(await controller.Client.AppsAsync(default));
    }

    [Fact]
    public async Task Deploy_PortTakenEverywhere_ReasonNamesThePort()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm(portsInUse: "6379/tcp")));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default));
        var moved = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Settings = new Dictionary<string, string> { ["port"] = "6380" } }, default);

        Assert.Equal("no host can run redis: h1: port 6379/tcp in use", error.Message);
        Assert.Equal("h1", moved.Host);
    }

    [Fact]
    public async Task Deploy_MemoryFull_ReasonSaysNeedAndFree()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm(memoryMiB: 1024)));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(name: "cache"));
        await controller.Client.DeployAsync(new DeployRequest { Package = "cache", Settings = new Dictionary<string, string> { ["memory"] = "924M", ["port"] = "7000" } }, default);

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(
            new DeployRequest { Package = "redis", Settings = new Dictionary<string, string> { ["memory"] = "512M" } }, default));

        Assert.Equal("no host can run redis: h1: needs 512 MiB, 100 MiB free", error.Message);
    }

    [Fact]
    public async Task Deploy_UnknownPackage_NotFoundHintingPush()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()));

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "postgres" }, default));

        Assert.Equal((ErrorKind.NotFound, "package 'postgres' is not in the controller's library"), (error.Kind, error.Message));
        Assert.Contains("hoist library push", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UnknownParameter_InvalidArgumentListingTheKnownOnes()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(
            new DeployRequest { Package = "redis", Settings = new Dictionary<string, string> { ["colour"] = "blue" } }, default));
        var limit = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(
            new DeployRequest { Package = "redis", Settings = new Dictionary<string, string> { ["memory"] = "lots" } }, default));

        Assert.Equal((ErrorKind.InvalidArgument, "package 'redis' has no parameter 'colour'"), (error.Kind, error.Message));
        Assert.Contains("port, bind", error.Hint, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.InvalidArgument, limit.Kind);
        Assert.Contains("memory 'lots'", limit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ExistingName_AlreadyExists()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()), ("h2", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Single(await controller.Client.AppsAsync(default));
    }

    [Fact]
    public async Task Deploy_DryRun_EveryVerdictAndNothingCreated()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()), ("h2", TestFacts.Trixie()), ("h3", TestFacts.Bookworm(portsInUse: "6379/tcp")));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(glibc: "2.38"));

        var result = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", DryRun = true }, default);

        Assert.Null(result.App);
        Assert.Equal("h2", result.Host);
        Assert.Equal(["h2", "h1", "h3"], result.Verdicts.Select(v => v.Host));
        Assert.True(result.Verdicts[0].Chosen && result.Verdicts[0].Eligible);
        Assert.Equal(["OS Debian GNU/Linux 13 (trixie) lacks GLIBC_2.38".Replace("13 (trixie)", "12 (bookworm)", StringComparison.Ordinal), "port 6379/tcp in use"], result.Verdicts[2].Reasons);
        Assert.Empty(await controller.Client.AppsAsync(default));
        Assert.Empty(await controller.Client.OrdersAsync("h2", 0, 0, default));
    }

    [Fact]
    public async Task Deploy_Explain_VerdictsWithTheApp()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm()), ("h2", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        var plain = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Name = "a" }, default);
        var explained = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Name = "b", Explain = true, Settings = new Dictionary<string, string> { ["port"] = "6380" } }, default);

        Assert.Single(plain.Verdicts);
        Assert.Equal(2, explained.Verdicts.Count);
        Assert.NotNull(explained.App);
    }

    [Fact]
    public async Task Deploy_HostGivenThatCannotRunIt_FailedPreconditionWithItsReasons()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm(portsInUse: "6379/tcp")), ("h2", TestFacts.Bookworm()));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "redis", Host = "h1" }, default));
        var missing = await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "redis", Host = "h9" }, default));

        Assert.Equal("host h1 cannot run redis: port 6379/tcp in use", error.Message);
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
    }

    [Fact]
    public async Task Deploy_PortAHostFreedAsAnOrderEnded_TakenWithoutWaitingForAHeartbeat()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm(portsInUse: "6379/tcp")));
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        var other = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Name = "other", Settings = new Dictionary<string, string> { ["port"] = "6380" } }, default);
        var install = Assert.Single(await controller.Client.OrdersAsync("h1", 0, 0, default));
        await Assert.ThrowsAsync<HoistException>(() => controller.Client.DeployAsync(new DeployRequest { Package = "redis", Host = "h1" }, default));

        await controller.Client.ReportAsync("h1", install.Id, new OrderResult { Ok = true, PortsInUse = ["22/tcp", "6380/tcp"] }, default);
        var placed = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Host = "h1" }, default);

        Assert.Equal("h1", other.Host);
        Assert.Equal("h1", placed.Host);
        Assert.Equal(["22/tcp", "6380/tcp"], (await controller.Client.HostAsync("h1", default)).Facts.PortsInUse);
    }

    [Fact]
    public async Task Deploy_PackageByVersionAndDigestPrefix_Resolved()
    {
        await using var controller = await TestController.WithHostsAsync(("h1", TestFacts.Bookworm(memoryMiB: 65536, cpus: 64)));
        var old = await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(version: "6.0"));
        var newest = await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis(version: "7.0"));

        var byName = await controller.Client.DeployAsync(new DeployRequest { Package = "redis", Name = "a", DryRun = true }, default);
        var byVersion = await controller.Client.DeployAsync(new DeployRequest { Package = "redis:6.0", Name = "b" }, default);
        var byDigest = await controller.Client.DeployAsync(new DeployRequest { Package = newest.Digest[7..19], Name = "c", Settings = new Dictionary<string, string> { ["port"] = "6380" } }, default);

        Assert.Equal("h1", byName.Host);
        Assert.Equal(old.Digest, byVersion.App!.Package);
        Assert.Equal((newest.Digest, "7.0"), (byDigest.App!.Package, byDigest.App.PackageVersion));
    }
}
