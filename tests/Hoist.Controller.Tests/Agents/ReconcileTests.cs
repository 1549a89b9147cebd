using Hoist.Controller.Tests.Migrations;
using Hoist.Controller.Tests.Testing;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Agents;

public sealed class ReconcileTests
{
    [Fact]
    public async Task Register_FrozenAppNoMigrationFreezes_Thawed()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        var package = fabric.Source.Apps["redis"].Package;

        await fabric.Source.ComeBackAsync([new AppReport { Name = "redis", Package = package, Status = AppStates.Frozen }]);
        await fabric.Source.WaitForAsync(OrderKinds.Thaw, "redis");

        await Eventually.WaitAsync(() => fabric.Controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Running, "redis thawed");
        Assert.Contains(await fabric.Controller.Client.EventsAsync(0, 200, default), e => e.Kind == "host.stray-app" && e.Message.Contains("thawing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_CopyOfAppPlacedElsewhere_Removed()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        var package = fabric.Source.Apps["redis"].Package;

        await fabric.Target.ComeBackAsync([new AppReport { Name = "redis", Package = package, Status = AppStates.Stopped }]);
        await fabric.Target.WaitForAsync(OrderKinds.Remove, "redis");

        await Eventually.WaitAsync(() => !fabric.Target.Apps.ContainsKey("redis"), "h2's copy to go");
        Assert.Equal(("h1", AppStates.Running), ((await fabric.Controller.Client.AppAsync("redis", default)).Host, fabric.Source.Apps["redis"].Status));
    }

    [Fact]
    public async Task Register_TargetOfflineDuringRollback_ItsCopyRemovedWhenItReturns()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Target.Script = o => o.Kind == OrderKinds.StatePull ? Reply.Never : null;
        var planned = await fabric.MigrateAsync();
        await fabric.Target.WaitForAsync(OrderKinds.StatePull);

        await fabric.Target.GoSilentAsync();
        var done = await fabric.EndAsync(planned.Id);
        fabric.Target.Script = null;
        await fabric.Target.ComeBackAsync([new AppReport { Name = "redis", Package = fabric.Source.Apps["redis"].Package, Status = AppStates.Stopped }]);
        await fabric.Target.WaitForAsync(OrderKinds.Remove, "redis");

        Assert.Equal(MigrationPhases.RolledBack, done.Phase);
        Assert.Contains(done.Log, l => l.Contains("h2 is offline", StringComparison.Ordinal));
        Assert.Single(fabric.Target.Received, o => o.Kind == OrderKinds.Remove);
        Assert.Equal([OrderKinds.Install, OrderKinds.StatePush], MigrationFabric.Kinds(fabric.Source));
    }

    [Fact]
    public async Task Register_AppMissingFromItsHost_FailedWithProblem()
    {
        await using var fabric = await MigrationFabric.StartAsync();

        await fabric.Source.ComeBackAsync([]);

        var app = await Eventually.WaitAsync(() => fabric.Controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Failed, "redis seen missing");
        Assert.Equal("h1 does not hold it any more", app.Problem);
    }
}
