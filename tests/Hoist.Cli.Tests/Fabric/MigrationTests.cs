using Hoist.Cli.Demo;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Tests.Fabric;

/// <summary>Apps moving between the lab's hosts, bookworm to trixie, with their state, while a client
/// writes to them: every acknowledged write is found afterwards, and one copy runs.</summary>
[Collection(FabricCollection.Name)]
public sealed class MigrationTests(FabricLab lab)
{
    [Fact]
    public async Task Migrate_WarmUnderAWriteLoad_EveryAcknowledgedWriteIsOnTheTrixieHost()
    {
        const string app = "mx-warm";
        await lab.DeployRedisAsync(app, "h1");
        try
        {
            var load = await lab.StartLoadAsync(app);
            var migrate = await lab.MustAsync("migrate", app, "--to", "h2");
            await Task.Delay(500);
            await load.StopAsync();

            Assert.Matches(@"mx-warm h1 -> h2 \(warm\): succeeded; downtime \d+ ms", migrate.Stdout);
            var moved = await lab.Client.AppAsync(app, CancellationToken.None);
            Assert.Equal("h2", moved.Host);
            Assert.Equal(AppStates.Running, moved.Status);
            Assert.True(load.Acknowledged > 100, $"only {load.Acknowledged} writes were acknowledged");
            Assert.Equal(load.Acknowledged, await CountIntactAsync(lab.AddressOf("h2"), load));
            Assert.Equal(["h2"], await lab.HostsRunningAsync(app));
            Assert.False(Directory.Exists(Path.Combine(lab.RootOf("h1"), "apps", app)), "the source kept its copy of the state after the move");
            Assert.Contains("Debian GNU/Linux 13", (await lab.Client.HostAsync("h2", CancellationToken.None)).Facts.Os);
        }
        finally
        {
            await lab.RunAsync("rm", app);
        }
    }

    [Fact]
    public async Task Migrate_Cold_StopsMovesAndStartsWithTheData()
    {
        const string app = "mx-cold";
        await lab.DeployRedisAsync(app, "h3");
        try
        {
            var load = await lab.StartLoadAsync(app);
            await Task.Delay(500);
            await load.StopAsync();

            var migrate = await lab.MustAsync("migrate", app, "--to", "auto", "--mode", "cold");

            Assert.Matches(@"mx-cold h3 -> h[12] \(cold\): succeeded; downtime \d+ ms", migrate.Stdout);
            var moved = await lab.Client.AppAsync(app, CancellationToken.None);
            Assert.NotEqual("h3", moved.Host);
            Assert.Equal(load.Acknowledged, await CountIntactAsync(moved.Address!, load));
            Assert.Equal([moved.Host], await lab.HostsRunningAsync(app));
        }
        finally
        {
            await lab.RunAsync("rm", app);
        }
    }

    [Fact]
    public async Task Migrate_UnknownAppOrHost_FailsWithWhatIsMissing()
    {
        var app = await lab.RunAsync("migrate", "no-such-app", "--to", "h2");
        Assert.Equal(3, app.ExitCode);
        Assert.Contains("no-such-app", app.ErrorLine);

        await lab.DeployRedisAsync("mx-nowhere", "h1");
        try
        {
            var host = await lab.RunAsync("migrate", "mx-nowhere", "--to", "h9");
            Assert.Equal(3, host.ExitCode);
            Assert.Contains("h9", host.ErrorLine);
            var same = await lab.RunAsync("migrate", "mx-nowhere", "--to", "h1");
            Assert.NotEqual(0, same.ExitCode);
            Assert.Equal(["h1"], await lab.HostsRunningAsync("mx-nowhere"));
        }
        finally
        {
            await lab.RunAsync("rm", "mx-nowhere");
        }
    }

    internal static async Task<int> CountIntactAsync(string address, WriteLoad load)
    {
        await using var client = await RedisClient.ConnectAsync(address, 6379, CancellationToken.None);
        return await client.CountIntactAsync(load.Acknowledged, load.Salt, CancellationToken.None);
    }
}
