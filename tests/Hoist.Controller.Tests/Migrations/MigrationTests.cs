using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Migrations;

public sealed class MigrationTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public async Task Migrate_Warm_RoundsUntilSmallThenFreezeAndCommit()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Source.PushBytes = round => round switch { 1 => 40 * MiB, 2 => 10 * MiB, _ => 2 * MiB };

        var planned = await fabric.MigrateAsync();
        var done = await fabric.EndAsync(planned.Id);

        Assert.Equal((MigrationPhases.Succeeded, "h1", "h2", MigrationModes.Warm), (done.Phase, done.Source, done.Target, done.Mode));
        Assert.Equal(3 + 2, done.Rounds);
        Assert.Equal((52 * MiB) + (100L << 10), done.BytesSent);
        Assert.Equal(100L << 10, done.LastRoundBytes);
        Assert.Equal(64 * MiB, done.StateBytes);
        Assert.NotNull(done.DowntimeMs);
        Assert.InRange(done.DowntimeMs!.Value, 0, 10_000);
        Assert.Contains(done.Log, l => l.Contains("round 3 sent less than 4.2 MB", StringComparison.Ordinal));
        Assert.Equal(
            ["migration.planned", "migration.copying", "migration.frozen", "migration.syncing", "migration.starting", "migration.committing", "migration.succeeded"],
            await fabric.MigrationEventsAsync());
        Assert.Equal([OrderKinds.Install, OrderKinds.StatePush, OrderKinds.StatePush, OrderKinds.StatePush, OrderKinds.StateFinal, OrderKinds.Remove], MigrationFabric.Kinds(fabric.Source));
        Assert.Equal([OrderKinds.StatePull, OrderKinds.StatePull, OrderKinds.StatePull, OrderKinds.StatePull, OrderKinds.Start], MigrationFabric.Kinds(fabric.Target));
        var final = fabric.Source.Received.Single(o => o.Kind == OrderKinds.StateFinal);
        Assert.Equal((4, true), (final.Round, final.Freeze));
        Assert.Equal(FakeHost.RecipeOf("redis", 4), fabric.Target.Received[3].Recipe);

        // The source's copy goes only once the target ran it: its removal was ordered after the target's start.
        var start = fabric.Target.Received.Single(o => o.Kind == OrderKinds.Start);
        Assert.True(fabric.Source.Received.Single(o => o.Kind == OrderKinds.Remove).Id > start.Id);
        Assert.True(start.Id > final.Id);
        var app = await fabric.Controller.Client.AppAsync("redis", default);
        Assert.Equal(("h2", AppStates.Running, (string?)null), (app.Host, app.Status, app.Migration));
        Assert.Equal(["redis"], (await fabric.Controller.Client.HostAsync("h2", default)).Apps);
        Assert.Empty((await fabric.Controller.Client.HostAsync("h1", default)).Apps);
        Assert.Equal(0, (await fabric.Controller.Client.HostAsync("h1", default)).MemoryReservedBytes);
        var state = await fabric.Controller.Client.LibraryItemAsync(LibraryKinds.State, "redis", planned.Id, default);
        Assert.Equal(FakeHost.RecipeOf("redis", 4), state.Recipe);
    }

    [Theory]
    [InlineData(new long[] { 10, 20, 5 }, 2)]
    [InlineData(new long[] { 90, 80, 70, 60, 50, 40, 30, 20, 10 }, 8)]
    public async Task Migrate_Warm_StopsCopyingWhenARoundGrowsOrAfterEight(long[] mebibytes, int rounds)
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Source.PushBytes = round => mebibytes[round - 1] * MiB;

        var done = await fabric.EndAsync((await fabric.MigrateAsync()).Id);

        Assert.Equal(MigrationPhases.Succeeded, done.Phase);
        Assert.Equal(rounds, fabric.Source.Received.Count(o => o.Kind == OrderKinds.StatePush));
        Assert.Equal(rounds + 2, done.Rounds);
    }

    [Fact]
    public async Task Migrate_Cold_StopCopyStartWithoutRounds()
    {
        await using var fabric = await MigrationFabric.StartAsync();

        var done = await fabric.EndAsync((await fabric.MigrateAsync(MigrationModes.Cold, "h2")).Id);

        Assert.Equal((MigrationPhases.Succeeded, 1), (done.Phase, done.Rounds));
        Assert.Equal([OrderKinds.Install, OrderKinds.StateFinal, OrderKinds.Remove], MigrationFabric.Kinds(fabric.Source));
        Assert.False(fabric.Source.Received.Single(o => o.Kind == OrderKinds.StateFinal).Freeze);
        Assert.Equal([OrderKinds.StatePull, OrderKinds.Start], MigrationFabric.Kinds(fabric.Target));
        Assert.Equal(
            ["migration.planned", "migration.frozen", "migration.syncing", "migration.starting", "migration.committing", "migration.succeeded"],
            await fabric.MigrationEventsAsync());
    }

    [Fact]
    public async Task Migrate_Twice_FailedPrecondition()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Source.Script = o => o.Kind == OrderKinds.StatePush ? Reply.Never : null;
        await fabric.MigrateAsync();

        var error = await Assert.ThrowsAsync<HoistException>(() => fabric.MigrateAsync());

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("being migrated already (m1, copying)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_NamedTargetThatCannotTakeIt_FailedPreconditionWithReasons()
    {
        await using var fabric = await MigrationFabric.StartAsync();
        fabric.Target.Facts = TestFacts.Bookworm(portsInUse: "6379/tcp");
        await fabric.Controller.Client.RegisterAsync(new AgentRegistration { Name = "h2", Facts = fabric.Target.Facts, AgentVersion = "t" }, default);

        var error = await Assert.ThrowsAsync<HoistException>(() => fabric.MigrateAsync(to: "h2"));
        var auto = await Assert.ThrowsAsync<HoistException>(() => fabric.MigrateAsync());
        var same = await Assert.ThrowsAsync<HoistException>(() => fabric.MigrateAsync(to: "h1"));

        Assert.Equal("host h2 cannot run redis: port 6379/tcp in use", error.Message);
        Assert.Equal("no other host can take redis: h2: port 6379/tcp in use", auto.Message);
        Assert.Equal(ErrorKind.InvalidArgument, same.Kind);
        Assert.Empty(await fabric.Controller.Client.MigrationsAsync(default));
    }
}
