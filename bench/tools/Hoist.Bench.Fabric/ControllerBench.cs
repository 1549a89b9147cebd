using System.Globalization;
using Hoist.Fabric;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;

namespace Hoist.Bench.Fabric;

/// <summary>
/// The controller's side of bench/controller, one step per command so that the script can read the
/// controller's CPU time around each: the package and the agents' registrations; the deployments; the
/// agents carrying out their orders; the idle fabric's requests, open loop.
/// </summary>
internal sealed class ControllerBench : IDisposable
{
    private readonly ControllerContext _context;
    private readonly ControllerClient _client;

    public ControllerBench(Uri url, string token)
    {
        _context = new ControllerContext(url, token);
        _client = new ControllerClient(_context, TimeSpan.FromSeconds(30));
    }

    /// <summary>Pushes the package, then registers <paramref name="hosts"/> agents.</summary>
    public async Task PrepareAsync(string work, int hosts, int concurrency, TextWriter output, CancellationToken cancellationToken)
    {
        var item = await BenchPackage.PushAsync(_client, work, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"package {item.Name} {item.Version} {item.Digest} {item.LogicalBytes}");
        var since = DateTimeOffset.UtcNow;
        var registered = await ClosedLoop.RunAsync(hosts, concurrency, (i, ct) => _client.RegisterAsync(new SimulatedHost(i, since).Registration(), ct), cancellationToken)
            .ConfigureAwait(false);
        registered.Print("register", output);
    }

    /// <summary>Deploys <paramref name="apps"/> apps of the package, each with its own port and a 512 MiB
    /// limit, <paramref name="concurrency"/> at a time; every one is placed by the controller.</summary>
    public async Task DeployAsync(int apps, int concurrency, TextWriter output, CancellationToken cancellationToken)
    {
        var deployed = await ClosedLoop.RunAsync(apps, concurrency, (i, ct) => _client.DeployAsync(Request(i), ct), cancellationToken).ConfigureAwait(false);
        deployed.Print("deploy", output);
        var perHost = (await _client.HostsAsync(cancellationToken).ConfigureAwait(false)).Select(h => h.Apps.Count).ToList();
        output.WriteLine($"deploy_hosts_used {perHost.Count(c => c > 0)}");
        output.WriteLine($"deploy_apps_per_host {perHost.Min()} {perHost.Max()}");
    }

    /// <summary>Deploys <paramref name="apps"/> apps as <see cref="DeployAsync"/> does, <paramref name="batch"/> to a
    /// request (POST /v1/deployments/batch), <paramref name="concurrency"/> requests at a time.</summary>
    public async Task DeployBatchAsync(int apps, int batch, int concurrency, TextWriter output, CancellationToken cancellationToken)
    {
        var requests = (apps + batch - 1) / batch;
        var deployed = await ClosedLoop.RunAsync(requests, concurrency, (k, ct) => _client.DeployBatchAsync(
            new DeployBatchRequest { Deployments = [.. Enumerable.Range(k * batch, Math.Min(batch, apps - (k * batch))).Select(Request)] }, ct), cancellationToken).ConfigureAwait(false);
        deployed.Print("deploy_batch", output);
        var perHost = (await _client.HostsAsync(cancellationToken).ConfigureAwait(false)).Select(h => h.Apps.Count).ToList();
        output.WriteLine($"deploy_batch_apps {perHost.Sum()}");
        output.WriteLine($"deploy_batch_hosts_used {perHost.Count(c => c > 0)}");
    }

    /// <summary>Each agent takes its orders, reports them done, and heartbeats its apps running: the fabric
    /// is idle afterwards, as it is once the installs are over.</summary>
    public async Task SettleAsync(int concurrency, TextWriter output, CancellationToken cancellationToken)
    {
        var hosts = await HostsAsync(cancellationToken).ConfigureAwait(false);
        var settled = await ClosedLoop.RunAsync(hosts.Count, concurrency, async (i, ct) =>
        {
            var host = hosts[i];
            var orders = await _client.OrdersAsync(host.Name, 0, 0, ct).ConfigureAwait(false);
            foreach (var order in orders)
            {
                var app = host.Apps.First(a => a.Name == order.App);
                await _client.ReportAsync(host.Name, order.Id, new OrderResult { Ok = true, App = app }, ct).ConfigureAwait(false);
            }

            await _client.HeartbeatAsync(host.Name, host.Heartbeat(0), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        settled.Print("settle", output);
    }

    /// <summary>Sends the idle fabric's requests (<see cref="LoadMix"/>) open loop: a warm-up of
    /// <paramref name="warmup"/>, not counted, then <paramref name="duration"/>.</summary>
    public async Task LoadAsync(int reads, TimeSpan warmup, TimeSpan duration, TextWriter output, CancellationToken cancellationToken)
    {
        var hosts = await HostsAsync(cancellationToken).ConfigureAwait(false);
        var apps = hosts.SelectMany(h => h.Apps).Select(a => a.Name).ToArray();
        var agents = hosts.Select(h => new ControllerClient(_context, TimeSpan.FromSeconds(30))).ToArray();
        var readers = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _context.Url, Timeout = TimeSpan.FromSeconds(30) };
        readers.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _context.Token);
        try
        {
            var mix = new LoadMix(hosts.Count, reads);
            async Task SendAsync(int i, CancellationToken ct)
            {
                var (read, index, tick) = mix.Slot(i);
                if (!read)
                {
                    var reply = await agents[index].HeartbeatAsync(hosts[index].Name, hosts[index].Heartbeat(tick), ct).ConfigureAwait(false);
                    if (!reply.Known)
                    {
                        throw new InvalidOperationException($"the controller does not know host {hosts[index].Name}");
                    }

                    return;
                }

                var route = LoadMix.IsListing(index) ? ApiRoutes.Hosts : ApiRoutes.App(apps[(int)((uint)(index * 7919) % (uint)apps.Length)]);
                using var response = await readers.GetAsync(route, ct).ConfigureAwait(false);
                _ = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
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
            readers.Dispose();
            foreach (var agent in agents)
            {
                agent.Dispose();
            }
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The deployment of app <paramref name="i"/>.</summary>
    public static DeployRequest Request(int i) => new()
    {
        Package = BenchPackage.Name,
        Name = AppName(i),
        Settings = new Dictionary<string, string> { ["port"] = Port(i).ToString(CultureInfo.InvariantCulture), ["memory"] = "512M" },
    };

    public static string AppName(int i) => $"app-{i + 1:00000}";

    public static int Port(int i) => 10000 + i;

    /// <summary>The simulated hosts, each with the apps the controller placed on it.</summary>
    private async Task<List<SimulatedHost>> HostsAsync(CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow;
        var hosts = (await _client.HostsAsync(cancellationToken).ConfigureAwait(false))
            .Select(h => new SimulatedHost(int.Parse(h.Name[1..], CultureInfo.InvariantCulture) - 1, since))
            .ToDictionary(h => h.Name, StringComparer.Ordinal);
        foreach (var app in await _client.AppsAsync(cancellationToken).ConfigureAwait(false))
        {
            hosts[app.Host].AddApp(app.Name, app.Package, $"{app.Parameters["port"]}/tcp");
        }

        return [.. hosts.Values.OrderBy(h => h.Index)];
    }
}
