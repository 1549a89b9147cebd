using System.Diagnostics;
using Hoist.Cli.Commands;
using Hoist.Cli.Fabric;
using Hoist.Cli.Lab;
using Hoist.Core.Text;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;

namespace Hoist.Cli.Demo;

/// <summary>
/// The demo's fabric part: a lab of three hosts (two bookworm, one trixie) and a controller; redis and nginx
/// deployed by placement; redis moved from a bookworm host to the trixie host while a client keeps writing to
/// it, and every acknowledged write found afterwards; then a host drained.
/// </summary>
internal sealed class FabricScenario
{
    public const string Redis = "fabric-redis";
    public const string Nginx = "fabric-nginx";

    private readonly CliContext _context;

    public FabricScenario(CliContext context) => _context = context;

    public async Task RunAsync(string redisPackage, string nginxPackage, CancellationToken cancellationToken)
    {
        var o = _context.Out;
        var lab = new LabManager(_context);
        if (lab.Read() is not null)
        {
            await o.WriteLineAsync("   (a lab was up: removing it first)");
            await lab.DownAsync(Core.Progress.NullProgress.Instance);
        }

        await o.WriteLineAsync("-- hoist lab up --hosts 3 --images bookworm,trixie");
        var clock = Stopwatch.StartNew();
        LabState state;
        using (var progress = _context.NewProgress())
        {
            state = await lab.UpAsync(3, ["bookworm", "trixie"], LabLayout.DefaultPort, progress, cancellationToken);
        }

        await o.WriteLineAsync($"   controller {state.Controller}; hosts {string.Join(", ", state.Hosts.Select(h => $"{h.Name} ({h.Image}, {h.Address})"))}; up in {clock.Elapsed.TotalSeconds:0.0} s");
        var client = _context.RequireController("hoist demo");
        var trixie = state.Hosts.First(h => h.Image == "trixie").Name;
        var bookworm = state.Hosts.Where(h => h.Image == "bookworm").Select(h => h.Name).ToList();

        await o.WriteLineAsync();
        await o.WriteLineAsync($"-- hoist deploy redis --name {Redis} --set bind=0.0.0.0 --set protected-mode=no --explain");
        var pusher = new LibraryPusher(_context, client);
        using (var progress = _context.NewProgress())
        {
            redisPackage = await pusher.EnsurePackageAsync(redisPackage, progress, cancellationToken);
            nginxPackage = await pusher.EnsurePackageAsync(nginxPackage, progress, cancellationToken);
        }

        var settings = new Dictionary<string, string> { ["bind"] = "0.0.0.0", ["protected-mode"] = "no" };
        var plan = await client.DeployAsync(new DeployRequest { Package = redisPackage, Name = Redis, Settings = settings, DryRun = true }, cancellationToken);
        DeployCommand.WriteVerdicts(o, plan.Verdicts);
        var redis = await DeployAsync(client, new DeployRequest { Package = redisPackage, Name = Redis, Settings = settings, Host = bookworm[0] }, cancellationToken);
        await o.WriteLineAsync($"   {Redis} runs on {redis.Host} ({redis.Address}), ports {FabricViews.Ports(redis.Ports)} (deployed on a bookworm host, to move it to trixie next)");
        var nginx = await DeployAsync(client, new DeployRequest { Package = nginxPackage, Name = Nginx }, cancellationToken);
        await o.WriteLineAsync($"   {Nginx} placed on {nginx.Host} ({nginx.Address}): the least loaded host, away from redis");

        await o.WriteLineAsync();
        await o.WriteLineAsync($"-- while a client keeps writing to redis: hoist migrate {Redis} --to {trixie}");
        var load = new WriteLoad(async ct =>
        {
            var app = await client.AppAsync(Redis, ct).ConfigureAwait(false);
            return (app.Address ?? throw Core.Errors.HoistException.Unavailable("redis has no address"), 6379);
        });
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        MigrationView migration;
        using (var progress = _context.NewProgress())
        {
            migration = await client.MigrateAsync(Redis, new MigrateRequest { To = trixie }, cancellationToken);
            migration = await MigrateCommand.FollowAsync(client, migration, progress, cancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await load.StopAsync();
        await o.WriteLineAsync($"   {FabricViews.Migration(migration)}");
        redis = await client.AppAsync(Redis, cancellationToken);
        await using (var reader = await RedisClient.ConnectAsync(redis.Address!, 6379, cancellationToken))
        {
            var found = await reader.CountIntactAsync(load.Acknowledged, load.Salt, cancellationToken);
            await o.WriteLineAsync($"   {load.Acknowledged:N0} writes acknowledged before, during and after the move; {found:N0} of them read back on {redis.Host} ({redis.Address}); the client's longest wait: {load.LongestGap.TotalMilliseconds:0} ms, {load.Reconnects} reconnection(s)");
        }

        await o.WriteLineAsync();
        var drained = nginx.Host;
        await o.WriteLineAsync($"-- hoist host drain {drained}");
        var drain = await client.DrainAsync(drained, cancellationToken);
        foreach (var started in drain.Migrations)
        {
            MigrationView moved;
            using (var progress = _context.NewProgress())
            {
                moved = await MigrateCommand.FollowAsync(client, started, progress, cancellationToken);
            }

            await o.WriteLineAsync($"   {FabricViews.Migration(moved)}");
        }

        var host = await client.HostAsync(drained, cancellationToken);
        await o.WriteLineAsync($"   host {host.Name} is {host.State} and takes no new app until 'hoist host resume {host.Name}'");
        var listing = await client.LibraryAsync(cancellationToken);
        await o.WriteLineAsync($"   the controller's library: {listing.Items.Count} items, {ByteSize.Format(listing.LogicalBytes)} logical, {ByteSize.Format(listing.StoredBytes)} stored");
    }

    private async Task<AppView> DeployAsync(ControllerClient client, DeployRequest request, CancellationToken cancellationToken)
    {
        using var progress = _context.NewProgress();
        var result = await client.DeployAsync(request, cancellationToken);
        progress.Phase($"installing {result.App!.Name} on {result.Host}");
        return await AppWaiter.WaitAsync(client, result.App.Name, AppStates.Running, TimeSpan.FromMinutes(5), progress, cancellationToken);
    }
}
