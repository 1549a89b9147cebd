using System.Diagnostics;
using Hoist.Core.Errors;
using Hoist.Library.Index;
using Hoist.Runtime;
using Hoist.Runtime.Apps;
using Hoist.Runtime.Hosts;
using Hoist.Runtime.State;

namespace Hoist.Cli.Demo;

/// <summary>
/// The demo's second half, the heart of the mission: redis runs on a bookworm host, 100,000 keys are
/// written, the host's OS is upgraded to trixie under the app, and the same keys are read back; then
/// the app's state is backed up and restored on a second host (trixie), and read back there. The OS
/// that the app sees is shown before and after.
/// </summary>
internal sealed class StateScenario
{
    public const string First = "demo-bookworm";
    public const string Second = "demo-trixie";
    public const string App = "demo-redis";
    public const string Copy = "demo-redis-copy";
    private const int Keys = 100_000;

    private readonly CliContext _context;
    private readonly AppRuntime _runtime;
    private readonly HostManager _hosts;

    public StateScenario(CliContext context)
    {
        _context = context;
        _runtime = context.Runtime;
        _hosts = new HostManager(new HostStore(new LibraryIndex(context.Library.Home)), context.Library.Images, context.Network);
    }

    public async Task RunAsync(string package, CancellationToken cancellationToken)
    {
        var o = _context.Out;
        await CleanAsync(cancellationToken);
        var first = await _hosts.CreateAsync(First, "bookworm", HostRecord.OwnNetwork, cancellationToken);
        await o.WriteLineAsync($"   host {first.Name}: image bookworm, its own network namespace, address {first.Address}");
        await new AppController(_runtime).AddAsync(new AddRequest(package, first.Name, App, new Dictionary<string, string> { ["bind"] = "0.0.0.0 -::" }), cancellationToken);
        var clock = Stopwatch.StartNew();
        await StartAsync(App, cancellationToken);
        var record = _runtime.Library.Packages.Get(package);
        await o.WriteLineAsync($"   app {App} (package {record.Name} {record.Version}, not installed: its layer over the host's OS) started in {clock.ElapsedMilliseconds} ms; inside it: {await OsAsync(App, cancellationToken)}");

        var salt = Guid.NewGuid().ToString("n")[..8];
        clock.Restart();
        await using (var client = await RedisClient.ConnectAsync(first.Address!, 6379, cancellationToken))
        {
            var written = await client.WriteKeysAsync(Keys, salt, cancellationToken);
            await o.WriteLineAsync($"   wrote {written:N0} keys from this machine's root namespace to {first.Address}:6379 in {clock.ElapsedMilliseconds} ms, every one acknowledged");
        }

        await o.WriteLineAsync();
        await o.WriteLineAsync($"-- hoist host upgrade {First} --image trixie");
        clock.Restart();
        using (var progress = _context.NewProgress())
        {
            await new HostUpgrader(_runtime).UpgradeAsync(First, "trixie", progress, cancellationToken);
        }

        await o.WriteLineAsync($"   upgraded in {clock.ElapsedMilliseconds} ms; inside {App} now: {await OsAsync(App, cancellationToken)}");
        await AllowClientsAsync(App, cancellationToken);
        await o.WriteLineAsync($"   {await IntactAsync(first.Address!, salt, cancellationToken):N0} of {Keys:N0} keys read back intact");

        await o.WriteLineAsync();
        var archive = Path.Combine(_context.Library.Home.Temp, "demo-redis.state");
        await o.WriteLineAsync($"-- hoist state backup {App} -o {archive}; hoist state restore ... --host {Second}");
        StateArchiveInfo info;
        using (var progress = _context.NewProgress())
        {
            info = await new AppBackup(_runtime).BackupAsync(App, archive, StateCaptureMode.Stopped, progress, cancellationToken);
        }

        var second = await _hosts.CreateAsync(Second, "trixie", HostRecord.OwnNetwork, cancellationToken);
        using (var progress = _context.NewProgress())
        {
            await new AppRestore(_runtime).RestoreAsync(archive, second.Name, Copy, progress, cancellationToken);
        }

        File.Delete(archive);
        await StartAsync(Copy, cancellationToken);
        await o.WriteLineAsync($"   {Hoist.Core.Text.ByteSize.Format(info.Size)} of state moved to host {second.Name} ({second.Address}); inside {Copy}: {await OsAsync(Copy, cancellationToken)}");
        await o.WriteLineAsync($"   {await IntactAsync(second.Address!, salt, cancellationToken):N0} of {Keys:N0} keys read back intact there");
    }

    /// <summary>Removes what an earlier run of the demo left: its apps and hosts.</summary>
    public async Task CleanAsync(CancellationToken cancellationToken)
    {
        foreach (var app in new[] { App, Copy }.Where(a => _runtime.Apps.Find(a) is not null))
        {
            using (var progress = _context.NewProgress())
            {
                await new AppStopper(_runtime).StopAsync(app, TimeSpan.FromMinutes(1), progress, cancellationToken);
            }

            await new AppController(_runtime).RemoveAsync(app, cancellationToken);
        }

        foreach (var host in new[] { First, Second })
        {
            try
            {
                await _hosts.RemoveAsync(host, h => [.. _runtime.Apps.List(h).Select(a => a.Name)], cancellationToken);
            }
            catch (HoistException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Not there: nothing to clean.
            }
        }
    }

    private async Task StartAsync(string app, CancellationToken cancellationToken)
    {
        using var progress = _context.NewProgress();
        await new AppStarter(_runtime).StartAsync(app, new StartOptions(), progress, cancellationToken);
        await AllowClientsAsync(app, cancellationToken);
    }

    // Redis refuses clients from other machines without a password (protected mode); the demo's client
    // is this machine's root namespace, which the app sees as another machine. Redis forgets this
    // setting when it restarts, so it is given again after each start.
    private async Task AllowClientsAsync(string app, CancellationToken cancellationToken) =>
        await new AppExec(_runtime).CaptureAsync(app, ["redis-cli", "config", "set", "protected-mode", "no"], cancellationToken);

    private async Task<string> OsAsync(string app, CancellationToken cancellationToken)
    {
        var result = await new AppExec(_runtime).CaptureAsync(app, ["cat", "/etc/os-release"], cancellationToken);
        return result.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "?";
    }

    private static async Task<int> IntactAsync(string address, string salt, CancellationToken cancellationToken)
    {
        await using var client = await RedisClient.ConnectAsync(address, 6379, cancellationToken);
        return await client.CountIntactAsync(Keys, salt, cancellationToken);
    }
}
