using System.Text.Json;
using Hoist.Cli.Demo;
using Hoist.Core.Storage;
using Hoist.Library.Images;
using Hoist.Packaging.Files;
using Hoist.Testing;

namespace Hoist.Cli.Tests.Runtime;

/// <summary>The heart of the mission: an app's data outlives the OS under it and moves to another host.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class RedisStateTests(RuntimeLab lab) : IDisposable
{
    private const int Keys = 100_000;
    private readonly TempDirectory _temp = new("redis-state");

    [Fact]
    public async Task Redis_100000Keys_SurviveAnOsUpgradeAndARestoreOnAnotherHost()
    {
        var (first, firstAddress) = await lab.CreateHostAsync("bookworm");
        var app = lab.AppName("redis");
        var salt = Guid.NewGuid().ToString("n");
        await lab.MustAsync("add", "rt-redis", "--host", first, "--name", app, "--set", "bind=0.0.0.0 -::");
        await lab.MustAsync("start", app);
        var digests = await DigestsAsync();

        await AllowRemoteClientsAsync(app);
        Assert.Contains("Debian GNU/Linux 12 (bookworm)", (await lab.MustAsync("exec", app, "--", "cat", "/etc/os-release")).Stdout);
        await using (var client = await RedisClient.ConnectAsync(firstAddress, 6379, CancellationToken.None))
        {
            Assert.Equal(Keys, await client.WriteKeysAsync(Keys, salt, CancellationToken.None));
        }

        var upgrade = await lab.MustAsync("host", "upgrade", first, "--image", "trixie");
        Assert.Contains($"{app}: running", upgrade.Stdout);
        Assert.Contains("Debian GNU/Linux 13 (trixie)", (await lab.MustAsync("exec", app, "--", "cat", "/etc/os-release")).Stdout);
        await AllowRemoteClientsAsync(app);
        Assert.Equal(Keys, await CountIntactAsync(firstAddress, salt));

        var archive = _temp.Combine("redis.state");
        await lab.MustAsync("state", "backup", app, "-o", archive);
        Assert.Equal("running", await StateAsync(app));
        var (second, secondAddress) = await lab.CreateHostAsync("trixie");
        var copy = lab.AppName("copy");
        await lab.MustAsync("state", "restore", archive, "--host", second, "--name", copy, "--start");
        await AllowRemoteClientsAsync(copy);
        Assert.Equal(Keys, await CountIntactAsync(secondAddress, salt));

        // The backup stopped the app for the copy and started it again (redis forgets CONFIG SET).
        await AllowRemoteClientsAsync(app);
        Assert.Equal(Keys, await CountIntactAsync(firstAddress, salt));

        Assert.Equal(digests, await DigestsAsync());
    }

    public void Dispose() => _temp.Dispose();

    // Protected mode refuses clients from outside the app's host unless told otherwise (for the test).
    private async Task AllowRemoteClientsAsync(string app) =>
        Assert.Contains("OK", (await lab.MustAsync("exec", app, "--", "redis-cli", "config", "set", "protected-mode", "no")).Stdout);

    private static async Task<int> CountIntactAsync(string address, string salt)
    {
        await using var client = await RedisClient.ConnectAsync(address, 6379, CancellationToken.None);
        return await client.CountIntactAsync(Keys, salt, CancellationToken.None);
    }

    private async Task<string> StateAsync(string app) =>
        JsonDocument.Parse((await lab.MustAsync("ps", "--all", "--json")).Stdout).RootElement.EnumerateArray()
            .Single(a => a.GetProperty("name").GetString() == app).GetProperty("state").GetString()!;

    // The OS images and the package's shared layer: apps must never write them.
    private static async Task<IReadOnlyList<Digest>> DigestsAsync()
    {
        var images = TestHome.Library.Images;
        using var package = PackageFile.Open(TestHome.Library.Packages.Get("rt-redis").Path);
        var layer = Path.Combine(TestHome.Shared.Root, "layers", Digest.Parse(package.Manifest.Layer!.DiffId).Hex);
        return
        [
            (await TreeDigest.ComputeAsync(images.RootOf("bookworm"), CancellationToken.None)).Digest,
            (await TreeDigest.ComputeAsync(images.RootOf("trixie"), CancellationToken.None)).Digest,
            (await TreeDigest.ComputeAsync(layer, CancellationToken.None)).Digest,
        ];
    }
}
