using System.Diagnostics;
using System.Text.Json;
using Hoist.Cli.Lab;
using Hoist.Core.Processes;
using Hoist.Core.Storage;
using Hoist.Fabric;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Linux.Proc;
using Hoist.Runtime.Apps;
using Hoist.Testing;

namespace Hoist.Cli.Tests.Fabric;

/// <summary>
/// A real lab for the fabric's tests, brought up once for the collection with `hoist lab up`: a controller
/// and three hosts (h1 bookworm, h2 trixie, h3 bookworm), each a network namespace with its own OS root
/// fetched from the controller's library and its own agent; in a Hoist home of its own (the images are
/// imported from the shared test library), so that the other tests never talk to it. `hoist lab down`
/// at the end, which must leave nothing.
/// </summary>
public sealed class FabricLab : IAsyncLifetime
{
    public const string Redis = "fx-redis";

    public HoistHome Home { get; } = new(TestHome.Shared.Root + "-fabric");

    public ControllerClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireTool("runc", "runc");
        Prerequisites.RequireTool("nsenter", "util-linux");
        Prerequisites.RequireTool("ip", "iproute2");
        var library = new Library.LocalLibrary(Home);
        foreach (var release in new[] { "bookworm", "trixie" })
        {
            var shared = await TestImages.GetAsync(release);
            if (library.Images.Find(release)?.Digest != shared.Digest)
            {
                await RunAsync("image", "rm", release);
                await MustAsync("image", "import", release, shared.RootPath);
            }
        }

        if (library.Packages.Find(Redis) is null)
        {
            await MustAsync("sequence", "--image", "bookworm", "--name", Redis, "--run", "apt-get install -y redis-server");
        }

        await RunAsync("lab", "down");
        await MustAsync("lab", "up", "--hosts", "3", "--images", "bookworm,trixie", "--port", "7790");
        Client = new ControllerClient(ControllerContext.Find(Home)!);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        var down = await RunAsync("lab", "down");
        Assert.True(down.ExitCode == 0, down.ToString());
        var namespaces = (await ProcessRunner.RunAsync(new ProcessSpec("ip", "netns", "list"), CancellationToken.None)).Stdout;
        Assert.DoesNotContain("hoistlab-", namespaces);
        Assert.False(Directory.Exists(Path.Combine(Home.Root, "lab")), "lab down left its directory");
    }

    /// <summary>The lab as `hoist lab up` recorded it.</summary>
    internal LabState State => JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(Home.Root, "lab", "lab.json")), LabJson.Default.LabState)!;

    public string AddressOf(string host) => State.Hosts.Single(h => h.Name == host).Address;

    public string RootOf(string host) => State.Hosts.Single(h => h.Name == host).Root;

    public Task<CliResult> RunAsync(params string[] arguments) => HoistCli.RunAsync(Home, arguments);

    /// <summary>Runs hoist and fails the test, with its output, when it does not exit 0.</summary>
    public async Task<CliResult> MustAsync(params string[] arguments)
    {
        var result = await HoistCli.RunAsync(Home, arguments);
        Assert.True(result.ExitCode == 0, $"hoist {string.Join(' ', arguments)}: {result}");
        return result;
    }

    /// <summary>Deploys the redis package as <paramref name="app"/>, open to this machine's clients, and waits
    /// until it runs.</summary>
    public async Task<AppView> DeployRedisAsync(string app, string? host = null)
    {
        await AllReadyAsync();
        string[] arguments = ["deploy", Redis, "--name", app, "--set", "bind=0.0.0.0", "--set", "protected-mode=no"];
        await MustAsync(host is null ? arguments : [.. arguments, "--host", host]);
        return await Client.AppAsync(app, CancellationToken.None);
    }

    /// <summary>Waits until every host of the lab is ready (an earlier test may have cut one off for a while).</summary>
    public Task AllReadyAsync() => WaitAsync(
        async () => (await Client.HostsAsync(CancellationToken.None)).All(h => h.State == HostStates.Ready),
        TimeSpan.FromSeconds(60),
        "every host of the lab to be ready");

    /// <summary>Starts a client that keeps writing to redis app <paramref name="app"/> wherever it runs, and
    /// returns once its first writes are acknowledged.</summary>
    internal async Task<Demo.WriteLoad> StartLoadAsync(string app)
    {
        var load = new Demo.WriteLoad(async ct => ((await Client.AppAsync(app, ct)).Address!, 6379));
        load.Start();
        await WaitAsync(() => Task.FromResult(load.Acknowledged > 50), TimeSpan.FromSeconds(30), "the first writes to be acknowledged");
        return load;
    }

    /// <summary>Makes host <paramref name="host"/>'s agent pause at <paramref name="point"/> (see the agent's
    /// Failpoints) for <paramref name="milliseconds"/>; 0 removes every failpoint of the host.</summary>
    public void Failpoint(string host, string point, int milliseconds)
    {
        var file = Path.Combine(RootOf(host), "failpoints");
        if (milliseconds == 0)
        {
            File.Delete(file);
            return;
        }

        File.AppendAllText(file, $"{point} {milliseconds}\n");
    }

    /// <summary>Kills host <paramref name="host"/>'s agent with SIGKILL (its restart loop starts it again
    /// within a second, as systemd would).</summary>
    public void KillAgent(string host)
    {
        var pid = AgentPid(host) ?? throw new InvalidOperationException($"no agent runs for host {host}");
        Assert.True(ProcessSignal.Send(pid, 9), $"could not kill the agent of {host} (pid {pid})");
    }

    /// <summary>The pid of host <paramref name="host"/>'s agent process, or null.</summary>
    public int? AgentPid(string host)
    {
        var root = RootOf(host);
        return Processes(c => c.Length > 2 && Path.GetFileName(c[0]) == "hoist" && c[1] == "agent" && c[2] == "serve" && c.Contains(root)).Cast<int?>().FirstOrDefault();
    }

    // The processes of this machine whose command line (split at its NULs) matches.
    private static List<int> Processes(Func<string[], bool> match)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && match(File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return found;
    }

    /// <summary>Kills the controller with SIGKILL and waits until its restart loop has it answering again.</summary>
    public async Task RestartControllerAsync()
    {
        var home = Path.Combine(Home.Root, "lab", "controller");
        var pid = Processes(c => Path.GetFileName(c[0]) == "dotnet" && c.Length > 1 && c[1].EndsWith("hoist-controller.dll", StringComparison.Ordinal) && c.Contains(home)).Single();
        Assert.True(ProcessSignal.Send(pid, 9), $"could not kill the controller (pid {pid})");
        await WaitAsync(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(10), "the controller to die");
        await WaitAsync(() => Client.IsHealthyAsync(CancellationToken.None), TimeSpan.FromSeconds(60), "the controller to answer again");
    }

    /// <summary>Takes host <paramref name="host"/>'s link down or up: its network namespace's eth0.</summary>
    public async Task SetLinkAsync(string host, bool up) =>
        await ProcessRunner.RunCheckedAsync(new ProcessSpec("ip", "-n", LabLayout.Network.NamespacePrefix + host, "link", "set", "eth0", up ? "up" : "down"), $"setting {host}'s link", CancellationToken.None);

    /// <summary>The hosts whose runc has a running (or frozen) container of <paramref name="app"/>: the
    /// truth of where it runs, whatever the controller believes.</summary>
    public async Task<IReadOnlyList<string>> HostsRunningAsync(string app)
    {
        var list = await ProcessRunner.RunAsync(new ProcessSpec("runc", "list", "--format", "json"), CancellationToken.None);
        var running = JsonDocument.Parse(list.Stdout.Length == 0 || list.Stdout.Trim() == "null" ? "[]" : list.Stdout).RootElement.EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() is "running" or "paused")
            .Select(c => c.GetProperty("id").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        var hosts = new List<string>();
        foreach (var host in State.Hosts)
        {
            var layout = new AppLayout(new HoistHome(host.Root), app);
            if (running.Contains(layout.ContainerId) && StatusOf(layout) is not "standby")
            {
                hosts.Add(host.Name);
            }
        }

        return hosts;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until migration <paramref name="id"/> has ended, and returns it.</summary>
    public async Task<MigrationView> FinishedAsync(string id, TimeSpan timeout)
    {
        MigrationView? view = null;
        await WaitAsync(async () => (view = await Client.MigrationAsync(id, CancellationToken.None)).IsFinished, timeout, $"migration {id} to end");
        return view!;
    }

    private static string? StatusOf(AppLayout layout)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(layout.StatusFile)).RootElement.GetProperty("state").GetString();
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>The fabric's test classes share one lab, one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FabricCollection : ICollectionFixture<FabricLab>
{
    public const string Name = "fabric";
}
