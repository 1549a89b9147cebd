using System.CommandLine;

namespace Hoist.Bench.Fabric;

/// <summary>hoist-bench-fabric: the load tool of bench/controller (see that script). Each command prints
/// "name value" lines on stdout for the script to read.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var url = new Option<string>("--url") { Description = "the controller's or etcd's URL", Required = true };
        var token = new Option<string>("--token") { Description = "the controller's token" };
        var work = new Option<string>("--work") { Description = "a scratch directory (the package is written there)" };
        var hosts = new Option<int>("--hosts") { DefaultValueFactory = _ => 1000 };
        var apps = new Option<int>("--apps") { DefaultValueFactory = _ => 10000 };
        var concurrency = new Option<int>("--concurrency") { DefaultValueFactory = _ => 16 };
        var batch = new Option<int>("--batch") { Description = "deployments to a request (a transaction for etcd)", DefaultValueFactory = _ => 100 };
        var reads = new Option<int>("--reads") { Description = "reads a second, besides a heartbeat of every host", DefaultValueFactory = _ => 50 };
        var seconds = new Option<double>("--seconds") { DefaultValueFactory = _ => 15 };
        var warmup = new Option<double>("--warmup") { Description = "seconds of the same schedule first, not counted", DefaultValueFactory = _ => 3 };

        var prepare = new Command("controller-prepare", "Push the package and register the agents") { url, token, work, hosts, concurrency };
        prepare.SetAction((p, ct) => WithController(p, url, token, b => b.PrepareAsync(p.GetValue(work)!, p.GetValue(hosts), p.GetValue(concurrency), Console.Out, ct)));
        var deploy = new Command("controller-deploy", "Deploy the apps") { url, token, apps, concurrency };
        deploy.SetAction((p, ct) => WithController(p, url, token, b => b.DeployAsync(p.GetValue(apps), p.GetValue(concurrency), Console.Out, ct)));
        var deployBatch = new Command("controller-deploy-batch", "Deploy the apps, --batch to a request") { url, token, apps, batch, concurrency };
        deployBatch.SetAction((p, ct) => WithController(p, url, token, b => b.DeployBatchAsync(p.GetValue(apps), p.GetValue(batch), p.GetValue(concurrency), Console.Out, ct)));
        var settle = new Command("controller-settle", "The agents carry out their orders") { url, token, concurrency };
        settle.SetAction((p, ct) => WithController(p, url, token, b => b.SettleAsync(p.GetValue(concurrency), Console.Out, ct)));
        var load = new Command("controller-load", "The idle fabric's requests, open loop") { url, token, reads, seconds, warmup };
        load.SetAction((p, ct) => WithController(p, url, token, b => b.LoadAsync(
            p.GetValue(reads), TimeSpan.FromSeconds(p.GetValue(warmup)), TimeSpan.FromSeconds(p.GetValue(seconds)), Console.Out, ct)));
        var etcdDeploy = new Command("etcd-deploy", "One put per app") { url, apps, hosts, concurrency };
        etcdDeploy.SetAction((p, ct) => WithEtcd(p, url, b => b.DeployAsync(p.GetValue(apps), p.GetValue(hosts), p.GetValue(concurrency), Console.Out, ct)));
        var etcdDeployBatch = new Command("etcd-deploy-batch", "The same puts, --batch to a transaction") { url, apps, hosts, batch, concurrency };
        etcdDeployBatch.SetAction((p, ct) => WithEtcd(p, url, b => b.DeployBatchAsync(p.GetValue(apps), p.GetValue(hosts), p.GetValue(batch), p.GetValue(concurrency), Console.Out, ct)));
        var etcdLoad = new Command("etcd-load", "The same schedule as puts and ranges") { url, apps, hosts, reads, seconds, warmup };
        etcdLoad.SetAction((p, ct) => WithEtcd(p, url, b => b.LoadAsync(
            p.GetValue(apps), p.GetValue(hosts), p.GetValue(reads), TimeSpan.FromSeconds(p.GetValue(warmup)), TimeSpan.FromSeconds(p.GetValue(seconds)), Console.Out, ct)));

        var root = new RootCommand("The load tool of bench/controller") { prepare, deploy, deployBatch, settle, load, etcdDeploy, etcdDeployBatch, etcdLoad };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    private static async Task<int> WithController(ParseResult parse, Option<string> url, Option<string> token, Func<ControllerBench, Task> run)
    {
        using var bench = new ControllerBench(new Uri(parse.GetValue(url)!), parse.GetValue(token) ?? throw new ArgumentException("--token is required"));
        await run(bench).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> WithEtcd(ParseResult parse, Option<string> url, Func<EtcdBench, Task> run)
    {
        using var bench = new EtcdBench(new Uri(parse.GetValue(url)!));
        await run(bench).ConfigureAwait(false);
        return 0;
    }
}
