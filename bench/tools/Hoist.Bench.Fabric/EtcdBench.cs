using System.Globalization;
using System.Text.Json;
using Hoist.Fabric;
using Hoist.Fabric.Api;

namespace Hoist.Bench.Fabric;

/// <summary>
/// The peer's side of bench/controller: etcd given the same work through its JSON gateway. A deployment
/// is one put of the app's record (the view the controller answers with) under apps/NAME, with the same
/// concurrency; the idle fabric's schedule is the same <see cref="LoadMix"/>, a heartbeat being a put of
/// the same heartbeat body under hosts/NAME, a read of one app a range of its key, and a listing of the
/// hosts a range over the prefix hosts/ (as many keys as hosts).
/// </summary>
internal sealed class EtcdBench : IDisposable
{
    private readonly Uri _url;
    private readonly EtcdGateway _gateway;

    public EtcdBench(Uri url)
    {
        _url = url;
        _gateway = new EtcdGateway(url);
    }

    public async Task DeployAsync(int apps, int hosts, int concurrency, TextWriter output, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        var deployed = await ClosedLoop.RunAsync(apps, concurrency, (i, ct) =>
                _gateway.PutAsync("apps/" + ControllerBench.AppName(i), JsonSerializer.SerializeToUtf8Bytes(Record(i, hosts, since), FabricJson.Default.AppView), ct),
            cancellationToken).ConfigureAwait(false);
        deployed.Print("deploy", output);
    }

    /// <summary>The same records as <see cref="DeployAsync"/>, <paramref name="batch"/> puts to a transaction.</summary>
    public async Task DeployBatchAsync(int apps, int hosts, int batch, int concurrency, TextWriter output, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        var requests = (apps + batch - 1) / batch;
        var deployed = await ClosedLoop.RunAsync(requests, concurrency, (k, ct) => _gateway.PutAllAsync(
                [.. Enumerable.Range(k * batch, Math.Min(batch, apps - (k * batch)))
                    .Select(i => ("apps/" + ControllerBench.AppName(i), (ReadOnlyMemory<byte>)JsonSerializer.SerializeToUtf8Bytes(Record(i, hosts, since), FabricJson.Default.AppView)))], ct),
            cancellationToken).ConfigureAwait(false);
        deployed.Print("deploy_batch", output);
    }

    public async Task LoadAsync(int apps, int hostCount, int reads, TimeSpan warmup, TimeSpan duration, TextWriter output, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        var hosts = Enumerable.Range(0, hostCount).Select(i => new SimulatedHost(i, since)).ToArray();
        for (var i = 0; i < apps; i++)
        {
            hosts[i % hostCount].AddApp(ControllerBench.AppName(i), "sha256:" + new string('0', 64), $"{ControllerBench.Port(i)}/tcp");
        }

        // The hosts' keys exist before the schedule starts, as the controller's hosts do.
        await ClosedLoop.RunAsync(hostCount, 16, (i, ct) => _gateway.PutAsync("hosts/" + hosts[i].Name, Heartbeat(hosts[i], 0), ct), cancellationToken).ConfigureAwait(false);
        var agents = hosts.Select(_ => new EtcdGateway(_url)).ToArray();
        try
        {
            var mix = new LoadMix(hostCount, reads);
            Task SendAsync(int i, CancellationToken ct)
            {
                var (read, index, tick) = mix.Slot(i);
                return !read ? agents[index].PutAsync("hosts/" + hosts[index].Name, Heartbeat(hosts[index], tick), ct)
                    : LoadMix.IsListing(index) ? _gateway.RangeAsync("hosts/", prefix: true, ct)
                    : _gateway.RangeAsync("apps/" + ControllerBench.AppName((int)((uint)(index * 7919) % (uint)apps)), prefix: false, ct);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load_rate {mix.PerSecond} {mix.Hosts} {mix.Reads}"));
            if (warmup > TimeSpan.Zero)
            {
                await OpenLoop.RunAsync(mix.PerSecond, warmup, SendAsync, cancellationToken).ConfigureAwait(false);
            }

            var measured = await OpenLoop.RunAsync(mix.PerSecond, duration, SendAsync, cancellationToken).ConfigureAwait(false);
            measured.Print("load", output);
            measured.Where(i => !mix.Slot(i).Read).Print("load_heartbeat", output);
            measured.Where(i => mix.Slot(i).Read && !LoadMix.IsListing(mix.Slot(i).Index)).Print("load_app", output);
            measured.Where(i => mix.Slot(i).Read && LoadMix.IsListing(mix.Slot(i).Index)).Print("load_hosts", output);
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }
        }
    }

    public void Dispose() => _gateway.Dispose();

    private static byte[] Heartbeat(SimulatedHost host, int tick) => JsonSerializer.SerializeToUtf8Bytes(host.Heartbeat(tick), FabricJson.Default.AgentHeartbeat);

    /// <summary>What the controller answers a deployment with, for app <paramref name="i"/>.</summary>
    private static AppView Record(int i, int hosts, DateTimeOffset created)
    {
        var request = ControllerBench.Request(i);
        return new AppView
        {
            Name = request.Name!,
            Group = request.Name!,
            Package = "sha256:" + new string('0', 64),
            PackageName = BenchPackage.Name,
            PackageVersion = "7.0.15-1",
            Host = SimulatedHost.NameOf(i % hosts),
            Desired = "running",
            Status = AppStates.Pending,
            Parameters = new Dictionary<string, string> { ["port"] = request.Settings["port"] },
            Resources = new Dictionary<string, string> { ["memory"] = request.Settings["memory"] },
            Created = created,
        };
    }
}
