using Hoist.Controller.Tests.Testing;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Migrations;

public sealed class MigrationRestartTests
{
    [Fact]
    public async Task Restart_InCopying_RolledBack()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Source.Script = o => o.Kind == OrderKinds.StatePush ? Reply.Never : null;
        var planned = await fabric.MigrateAsync();
        await fabric.WaitAsync(planned.Id, MigrationPhases.Copying);
        await fabric.Source.WaitForAsync(OrderKinds.StatePush);

        await fabric.Controller.RestartAsync();
        var done = await fabric.EndAsync(planned.Id);
        await fabric.Target.WaitForAsync(OrderKinds.Remove);

        Assert.Equal(MigrationPhases.RolledBack, done.Phase);
        Assert.Contains("restarted while the migration was copying", done.Error, StringComparison.Ordinal);
        Assert.Equal("h1", (await fabric.Controller.Client.AppAsync("redis", default)).Host);
        Assert.DoesNotContain(OrderKinds.StateFinal, MigrationFabric.Kinds(fabric.Source));
    }

    [Fact]
    public async Task Restart_InSyncing_ResumedToSuccess()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        var gate = new TaskCompletionSource();
        fabric.Target.Script = o => o.Kind == OrderKinds.StatePull ? Reply.After(gate.Task) : null;
        var planned = await fabric.MigrateAsync(MigrationModes.Cold);
        await fabric.WaitAsync(planned.Id, MigrationPhases.Syncing);
        await fabric.Target.WaitForAsync(OrderKinds.StatePull);

        await fabric.Controller.RestartAsync();
        gate.SetResult();
        var done = await fabric.EndAsync(planned.Id);

        Assert.Equal(MigrationPhases.Succeeded, done.Phase);
        Assert.NotNull(done.DowntimeMs);
        Assert.Equal([OrderKinds.StatePull, OrderKinds.Start], MigrationFabric.Kinds(fabric.Target));
        Assert.Equal([OrderKinds.Install, OrderKinds.StateFinal, OrderKinds.Remove], MigrationFabric.Kinds(fabric.Source));
        Assert.Equal("h2", (await fabric.Controller.Client.AppAsync("redis", default)).Host);
    }
}
