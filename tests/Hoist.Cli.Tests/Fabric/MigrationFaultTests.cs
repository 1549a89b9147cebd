using Hoist.Fabric.Api;

namespace Hoist.Cli.Tests.Fabric;

/// <summary>
/// Migrations that lose a host in the middle: an agent killed in each phase (copying, frozen, starting on
/// the target), a host's link cut, the controller killed. Afterwards exactly one copy of the app runs (or
/// it is stopped with its state intact on the source), never two, and every write the client saw
/// acknowledged is in the copy that runs.
/// </summary>
[Collection(FabricCollection.Name)]
public sealed class MigrationFaultTests(FabricLab lab)
{
    [Theory]
    [InlineData("source", "order:state.push", MigrationPhases.Copying)]
    [InlineData("source", "state.final:frozen", MigrationPhases.Frozen)]
    [InlineData("target", "order:app.start", MigrationPhases.Starting)]
    public async Task Migrate_AgentKilledInAPhase_OneCopyRunsWithEveryAcknowledgedWrite(string whose, string point, string phase)
    {
        var app = "fx-kill-" + phase;
        const string source = "h1", target = "h2";
        await lab.DeployRedisAsync(app, source);
        var victim = whose == "source" ? source : target;
        try
        {
            var load = await lab.StartLoadAsync(app);
            lab.Failpoint(victim, point, 4000);
            var migration = await lab.Client.MigrateAsync(app, new MigrateRequest { To = target }, CancellationToken.None);
            await FabricLab.WaitAsync(async () => (await lab.Client.MigrationAsync(migration.Id, CancellationToken.None)).Phase == phase, TimeSpan.FromSeconds(60), $"phase {phase}");
            await Task.Delay(1000);
            var killed = lab.AgentPid(victim);
            lab.KillAgent(victim);
            lab.Failpoint(victim, point, 0);
            await FabricLab.WaitAsync(() => Task.FromResult(lab.AgentPid(victim) is { } pid && pid != killed), TimeSpan.FromSeconds(30), $"the agent of {victim} to come back");

            var ended = await lab.FinishedAsync(migration.Id, TimeSpan.FromSeconds(120));
            await Task.Delay(500);
            await load.StopAsync();

            var running = await lab.HostsRunningAsync(app);
            var where = Assert.Single(running);
            var view = await lab.Client.AppAsync(app, CancellationToken.None);
            Assert.Equal(where, view.Host);
            Assert.Equal(ended.Phase == MigrationPhases.Succeeded ? target : source, where);
            Assert.Equal(load.Acknowledged, await MigrationTests.CountIntactAsync(lab.AddressOf(where), load));
        }
        finally
        {
            lab.Failpoint(victim, point, 0);
            await lab.RunAsync("rm", app);
        }
    }

    [Fact]
    public async Task Migrate_ControllerKilledWhileTheAppIsFrozen_ResumesOrRollsBackWithOneCopy()
    {
        const string app = "fx-controller";
        await lab.DeployRedisAsync(app, "h3");
        try
        {
            var load = await lab.StartLoadAsync(app);
            lab.Failpoint("h3", "state.final:frozen", 3000);
            var migration = await lab.Client.MigrateAsync(app, new MigrateRequest { To = "h2" }, CancellationToken.None);
            await FabricLab.WaitAsync(async () => (await lab.Client.MigrationAsync(migration.Id, CancellationToken.None)).Phase == MigrationPhases.Frozen, TimeSpan.FromSeconds(60), "the freeze");
            await lab.RestartControllerAsync();
            lab.Failpoint("h3", "state.final:frozen", 0);

            var ended = await lab.FinishedAsync(migration.Id, TimeSpan.FromSeconds(120));
            await Task.Delay(500);
            await load.StopAsync();

            var where = Assert.Single(await lab.HostsRunningAsync(app));
            Assert.Equal(ended.Phase == MigrationPhases.Succeeded ? "h2" : "h3", where);
            Assert.Equal(load.Acknowledged, await MigrationTests.CountIntactAsync(lab.AddressOf(where), load));
        }
        finally
        {
            lab.Failpoint("h3", "state.final:frozen", 0);
            await lab.RunAsync("rm", app);
        }
    }

    [Fact]
    public async Task Migrate_TargetLinkCutWhileCopying_NeverTwoCopiesAndNoWriteLost()
    {
        const string app = "fx-link";
        await lab.DeployRedisAsync(app, "h1");
        try
        {
            var load = await lab.StartLoadAsync(app);
            lab.Failpoint("h3", "order:state.pull", 2000);
            var migration = await lab.Client.MigrateAsync(app, new MigrateRequest { To = "h3" }, CancellationToken.None);
            await FabricLab.WaitAsync(async () => (await lab.Client.MigrationAsync(migration.Id, CancellationToken.None)).Phase == MigrationPhases.Copying, TimeSpan.FromSeconds(60), "the copy");
            await lab.SetLinkAsync("h3", up: false);
            try
            {
                var cut = await lab.FinishedAsync(migration.Id, TimeSpan.FromSeconds(120));
                Assert.Equal(MigrationPhases.RolledBack, cut.Phase);
                Assert.Equal(["h1"], await lab.HostsRunningAsync(app));
            }
            finally
            {
                await lab.SetLinkAsync("h3", up: true);
                lab.Failpoint("h3", "order:state.pull", 0);
            }

            // Back on the network, the target forgets the copy it was given.
            await FabricLab.WaitAsync(() => Task.FromResult(!Directory.Exists(Path.Combine(lab.RootOf("h3"), "apps", app))), TimeSpan.FromSeconds(60), "the target to drop its partial copy");
            await load.StopAsync();
            Assert.Equal(["h1"], await lab.HostsRunningAsync(app));
            Assert.Equal(load.Acknowledged, await MigrationTests.CountIntactAsync(lab.AddressOf("h1"), load));
        }
        finally
        {
            await lab.RunAsync("rm", app);
        }
    }
}
