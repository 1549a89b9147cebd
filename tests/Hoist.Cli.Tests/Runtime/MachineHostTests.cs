using System.Net;
using System.Net.Sockets;
using Hoist.Cli.Demo;
using Hoist.Core.Processes;
using Hoist.Library.Images;

namespace Hoist.Cli.Tests.Runtime;

/// <summary>The production case: an app on the host named local, whose OS is this machine's own root.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class MachineHostTests(RuntimeLab lab)
{
    [Fact]
    public async Task Redis_OnTheMachineItself_RunsOverItsRootAndWritesOnlyItsStateLayer()
    {
        var port = FreePort();
        var app = lab.AppName("machine");
        await lab.MustAsync("add", "rt-redis", "--host", "local", "--name", app, "--set", $"port={port}", "--set", "bind=127.0.0.1");
        var hostEtc = await TreeDigest.ComputeAsync("/etc", CancellationToken.None);

        await lab.MustAsync("start", app);
        Assert.Equal(File.ReadAllText("/etc/os-release"), (await lab.MustAsync("exec", app, "--", "cat", "/etc/os-release")).Stdout);
        var salt = Guid.NewGuid().ToString("n");
        await using (var client = await RedisClient.ConnectAsync("127.0.0.1", port, CancellationToken.None))
        {
            Assert.Equal(1000, await client.WriteKeysAsync(1000, salt, CancellationToken.None));
        }

        await lab.MustAsync("stop", app);
        Assert.Equal("running", await ContainerStatusAsync(app));
        Assert.Contains("stopped", (await lab.MustAsync("ps", "--all")).Stdout.Split('\n').Single(l => l.StartsWith(app + " ", StringComparison.Ordinal)));
        var dump = Path.Combine(lab.Home.Root, "apps", app, "state", "upper", "var/lib/redis/dump.rdb");
        Assert.True(File.Exists(dump), $"redis saved no dump.rdb into the app's state layer at {dump}");
        Assert.Equal(hostEtc.Digest, (await TreeDigest.ComputeAsync("/etc", CancellationToken.None)).Digest);

        await lab.MustAsync("start", app);
        await using (var client = await RedisClient.ConnectAsync("127.0.0.1", port, CancellationToken.None))
        {
            Assert.Equal(1000, await client.CountIntactAsync(1000, salt, CancellationToken.None));
        }

        await lab.MustAsync("stop", app);
        await lab.MustAsync("rm", app);
        Assert.Null(await ContainerStatusAsync(app));
    }

    // A stopped app's container is made ahead of its next start (its hoist-init runs, standing by), and goes with the app.
    private static async Task<string?> ContainerStatusAsync(string app)
    {
        var list = await ProcessRunner.RunAsync(new ProcessSpec("runc", "list"), CancellationToken.None);
        return list.Stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(f => f.Length > 2 && f[0].EndsWith("-" + app, StringComparison.Ordinal))?[2];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
