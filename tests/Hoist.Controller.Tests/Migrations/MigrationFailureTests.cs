using Hoist.Controller.Tests.Testing;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Migrations;

public sealed class MigrationFailureTests
{
    [Fact]
    public async Task Copying_SourceFailsPush_RolledBackTargetRemovedSourceUntouched()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Source.Script = o => o.Kind == OrderKinds.StatePush ? Reply.Fail("disk full") : null;

        var done = await fabric.EndAsync((await fabric.MigrateAsync()).Id);

        Assert.Equal(MigrationPhases.RolledBack, done.Phase);
        Assert.Contains("disk full", done.Error, StringComparison.Ordinal);
        Assert.Equal([OrderKinds.Install, OrderKinds.StatePush], MigrationFabric.Kinds(fabric.Source));
        Assert.Equal([OrderKinds.Remove], MigrationFabric.Kinds(fabric.Target));
        var app = await fabric.Controller.Client.AppAsync("redis", default);
        Assert.Equal(("h1", AppStates.Running, (string?)null), (app.Host, app.Status, app.Migration));
        Assert.Equal(0, (await fabric.Controller.Client.HostAsync("h2", default)).MemoryReservedBytes);
    }

    [Fact]
    public async Task Copying_SourceGoesOffline_RolledBackAfterTheOrderTimeout()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Source.Script = o => o.Kind == OrderKinds.StatePush ? Reply.Never : null;
        var planned = await fabric.MigrateAsync();
        await fabric.Source.WaitForAsync(OrderKinds.StatePush);

        await fabric.Source.GoSilentAsync();
        var done = await fabric.EndAsync(planned.Id);
        await fabric.Target.WaitForAsync(OrderKinds.Remove);

        Assert.Equal(MigrationPhases.RolledBack, done.Phase);
        Assert.Contains("h1 did not answer state.push", done.Error, StringComparison.Ordinal);
        Assert.Equal([OrderKinds.Install, OrderKinds.StatePush], MigrationFabric.Kinds(fabric.Source));
        Assert.Empty(await fabric.Controller.Client.OrdersAsync("h1", 0, 0, default));
    }

    [Fact]
    public async Task Frozen_SourceFailsFinal_ThawedAndStartedAgain()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Source.Script = o => o.Kind == OrderKinds.StateFinal ? Reply.Fail("freezer refused") : null;

        var done = await fabric.EndAsync((await fabric.MigrateAsync()).Id);

        Assert.Equal(MigrationPhases.RolledBack, done.Phase);
        Assert.Equal([OrderKinds.Install, OrderKinds.StatePush, OrderKinds.StateFinal, OrderKinds.Thaw, OrderKinds.Start], MigrationFabric.Kinds(fabric.Source));
        Assert.Equal([OrderKinds.StatePull, OrderKinds.Remove], MigrationFabric.Kinds(fabric.Target));
        Assert.Equal("h1", (await fabric.Controller.Client.AppAsync("redis", default)).Host);
    }

    [Fact]
    public async Task Syncing_TargetFailsFinalPull_RolledBackAndSourceStartedAgain()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Target.Script = o => o.Kind == OrderKinds.StatePull ? Reply.Fail("no space left on device") : null;

        var done = await fabric.EndAsync((await fabric.MigrateAsync(MigrationModes.Cold)).Id);

        Assert.Equal(MigrationPhases.RolledBack, done.Phase);
        // A host the controller took for offline (a loaded machine) gets its rollback order after the end.
        await fabric.Target.WaitForAsync(OrderKinds.Remove);
        await fabric.Source.WaitForAsync(OrderKinds.Start);
        Assert.Equal([OrderKinds.Install, OrderKinds.StateFinal, OrderKinds.Start], MigrationFabric.Kinds(fabric.Source));
        Assert.Equal([OrderKinds.StatePull, OrderKinds.Remove], MigrationFabric.Kinds(fabric.Target));
        await Eventually.WaitAsync(() => fabric.Controller.Client.AppAsync("redis", default), a => a.Status == AppStates.Running, "redis running on h1 again");
        Assert.Equal(AppStates.Running, fabric.Source.Apps["redis"].Status);
        Assert.False(fabric.Target.Apps.ContainsKey("redis"));
    }

    [Theory]
    [InlineData(AppStates.Running, MigrationPhases.Succeeded)]
    [InlineData(AppStates.Failed, MigrationPhases.RolledBack)]
    public async Task Starting_TargetSilent_WaitsWithSourceStoppedThenTheTargetsWordDecides(string reported, string phase)
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Target.Script = o => o.Kind == OrderKinds.Start ? Reply.Never : null;
        var planned = await fabric.MigrateAsync(MigrationModes.Cold);
        await fabric.Target.WaitForAsync(OrderKinds.Start);

        await fabric.Target.GoSilentAsync();
        var waiting = await Eventually.WaitAsync(
            () => fabric.Controller.Client.MigrationAsync(planned.Id, default), m => m.Log.Any(l => l.Contains("h2 is silent", StringComparison.Ordinal)), "the migration to see h2's silence");

        Assert.Equal(MigrationPhases.Starting, waiting.Phase);
        Assert.Equal(AppStates.Stopped, fabric.Source.Apps["redis"].Status);
        Assert.DoesNotContain(OrderKinds.Remove, MigrationFabric.Kinds(fabric.Source));
        Assert.DoesNotContain(OrderKinds.Remove, MigrationFabric.Kinds(fabric.Target));

        fabric.Target.Script = null;
        await fabric.Target.ComeBackAsync([new AppReport { Name = "redis", Package = fabric.Source.Apps["redis"].Package, Status = reported, Problem = reported == AppStates.Failed ? "redis-server exited 1" : null }]);
        var done = await fabric.EndAsync(planned.Id);

        Assert.Equal(phase, done.Phase);
        if (phase == MigrationPhases.Succeeded)
        {
            await fabric.Source.WaitForAsync(OrderKinds.Remove);
            Assert.Equal("h2", (await fabric.Controller.Client.AppAsync("redis", default)).Host);
        }
        else
        {
            await fabric.Target.WaitForAsync(OrderKinds.Remove);
            await fabric.Source.WaitForAsync(OrderKinds.Start);
            Assert.Contains("redis-server exited 1", done.Error, StringComparison.Ordinal);
            Assert.Equal("h1", (await fabric.Controller.Client.AppAsync("redis", default)).Host);
        }
    }

    [Fact]
    public async Task Starting_TargetReportsStartFailed_RolledBackTargetRemovedBeforeSourceStarts()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Target.Script = o => o.Kind == OrderKinds.Start ? Reply.Fail("redis-server exited 1") : null;

        var done = await fabric.EndAsync((await fabric.MigrateAsync()).Id);

        Assert.Equal(MigrationPhases.RolledBack, done.Phase);
        var remove = fabric.Target.Received.Single(o => o.Kind == OrderKinds.Remove);
        var start = fabric.Source.Received.Last(o => o.Kind == OrderKinds.Start);
        Assert.True(start.Id > remove.Id);
        Assert.Equal("h1", (await fabric.Controller.Client.AppAsync("redis", default)).Host);
    }
}
