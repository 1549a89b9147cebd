using System.Text.Json;
using Hoist.Fabric.Api;

namespace Hoist.Cli.Tests.Fabric;

/// <summary>Placement on a real lab: compatibility with each host's OS image, spread, capacity, and the
/// errors a user gets for what cannot be placed.</summary>
[Collection(FabricCollection.Name)]
public sealed class PlacementTests(FabricLab lab)
{
    [Fact]
    public async Task Deploy_TwoInstancesOfOnePackage_GoToDifferentHostsAndExplainSaysWhy()
    {
        var explain = await lab.MustAsync("deploy", FabricLab.Redis, "--name", "px-explain", "--explain");
        foreach (var host in new[] { "h1", "h2", "h3" })
        {
            Assert.Matches($@"(?m)^{host}\s+(chosen|eligible)\s+\d\.\d\d\s+-$", explain.Stdout);
        }

        Assert.Contains("placement would choose", explain.Stdout);
        await Assert.ThrowsAsync<Core.Errors.HoistException>(() => lab.Client.AppAsync("px-explain", CancellationToken.None));

        var first = await lab.DeployRedisAsync("px-a");
        var second = await lab.DeployRedisAsync("px-b");
        try
        {
            Assert.NotEqual(first.Host, second.Host);
            var verdicts = (await lab.Client.DeployAsync(new DeployRequest { Package = FabricLab.Redis, Name = "px-c", DryRun = true }, CancellationToken.None)).Verdicts;
            Assert.DoesNotContain(verdicts, v => v.Chosen && (v.Host == first.Host || v.Host == second.Host));
        }
        finally
        {
            await lab.MustAsync("rm", "px-a");
            await lab.MustAsync("rm", "px-b");
        }
    }

    [Fact]
    public async Task Deploy_PackageNeedingANewerGlibc_GoesToTheTrixieHostAndBookwormHostsSayWhyNot()
    {
        var file = Path.Combine(lab.Home.Temp, "fx-redis-new.hpkg");
        var source = JsonDocument.Parse((await lab.MustAsync("package", "ls", "--json")).Stdout).RootElement.EnumerateArray()
            .First(p => p.GetProperty("name").GetString() == FabricLab.Redis).GetProperty("file").GetString()!;
        var manifest = Path.Combine(lab.Home.Temp, "fx-redis-new.yaml");
        var yaml = (await Core.Processes.ProcessRunner.RunCheckedAsync(new Core.Processes.ProcessSpec("tar", "-xOf", source, "manifest.yaml"), "reading the manifest", CancellationToken.None)).Stdout;
        Assert.Matches(@"(?m)^  glibc: '?2\.\d+'?$", yaml);
        await File.WriteAllTextAsync(manifest, System.Text.RegularExpressions.Regex.Replace(yaml, @"(?m)^  glibc: '?2\.\d+'?$", "  glibc: '2.41'", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)).Replace("name: fx-redis", "name: fx-redis-new", StringComparison.Ordinal));
        await lab.MustAsync("package", "edit", FabricLab.Redis, "--manifest", manifest, "-o", file);

        var explain = await lab.MustAsync("deploy", file, "--name", "px-new", "--explain");
        Assert.Matches(@"(?m)^h1\s+no\s+-\s+.*GLIBC_2\.41", explain.Stdout);
        Assert.Matches(@"(?m)^h3\s+no\s+-\s+.*GLIBC_2\.41", explain.Stdout);
        Assert.Matches(@"(?m)^h2\s+chosen", explain.Stdout);

        var refused = await lab.RunAsync("deploy", file, "--name", "px-new", "--host", "h1");
        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("GLIBC_2.41", refused.ErrorLine);
        File.Delete(file);
        File.Delete(manifest);
    }

    [Fact]
    public async Task Deploy_WhatNoHostCanTake_FailsWithEachHostsReason()
    {
        var full = await lab.RunAsync("deploy", FabricLab.Redis, "--name", "px-huge", "--set", "memory=100000G");
        Assert.Equal(5, full.ExitCode);
        Assert.Contains("no host can run px-huge", full.ErrorLine);
        foreach (var host in new[] { "h1", "h2", "h3" })
        {
            Assert.Contains($"{host}: ", full.ErrorLine);
        }

        var unknownHost = await lab.RunAsync("deploy", FabricLab.Redis, "--name", "px-x", "--host", "h9");
        Assert.Equal(3, unknownHost.ExitCode);
        Assert.Contains("h9", unknownHost.ErrorLine);

        var unknownPackage = await lab.RunAsync("deploy", "no-such-package", "--name", "px-y");
        Assert.Equal(3, unknownPackage.ExitCode);
        Assert.Contains("no-such-package", unknownPackage.ErrorLine);

        var unknownParameter = await lab.RunAsync("deploy", FabricLab.Redis, "--name", "px-z", "--set", "colour=blue");
        Assert.Equal(2, unknownParameter.ExitCode);
        Assert.Contains("colour", unknownParameter.ErrorLine);

        Assert.DoesNotContain((await lab.Client.AppsAsync(CancellationToken.None)), a => a.Name.StartsWith("px-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployFile_TwoApps_BothPlacedAndAnsweringAndABadFileRefusedWithItsLine()
    {
        await lab.AllReadyAsync();
        var file = Path.Combine(lab.Home.Temp, "px-apps.yaml");
        var app = (string name) => $"- package: {FabricLab.Redis}\n  name: {name}\n  set:\n    bind: 0.0.0.0\n    protected-mode: \"no\"\n";
        await File.WriteAllTextAsync(file, app("px-f1") + app("px-f2"));
        try
        {
            var deployed = await lab.MustAsync("deploy", "--file", file);

            var apps = (await lab.Client.AppsAsync(CancellationToken.None)).Where(a => a.Name.StartsWith("px-f", StringComparison.Ordinal)).OrderBy(a => a.Name).ToList();
            Assert.Equal(["px-f1", "px-f2"], apps.Select(a => a.Name));
            Assert.All(apps, a => Assert.Equal(AppStates.Running, a.Status));
            Assert.NotEqual(apps[0].Host, apps[1].Host);
            foreach (var a in apps)
            {
                Assert.Matches($@"(?m)^{a.Name}\s+{FabricLab.Redis} \S+\s+{a.Host}\s+running\s+6379/tcp", deployed.Stdout);
                Assert.Equal("+PONG", await PingAsync(a.Address!));
            }
        }
        finally
        {
            await lab.RunAsync("rm", "px-f1");
            await lab.RunAsync("rm", "px-f2");
        }

        await File.WriteAllTextAsync(file, app("px-f3") + "- package: " + FabricLab.Redis + "\n  colour: blue\n");
        var bad = await lab.RunAsync("deploy", "--file", file);
        var both = await lab.RunAsync("deploy", FabricLab.Redis, "--file", file);
        var missing = await lab.RunAsync("deploy", "--file", file + ".missing");

        Assert.Equal((2, $"hoist: {file}: line 7: unknown key 'colour' (an app has package, name, host, set, start)"), (bad.ExitCode, bad.ErrorLine));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("--file takes the apps from the file", both.ErrorLine);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("cannot read", missing.ErrorLine);
        Assert.DoesNotContain((await lab.Client.AppsAsync(CancellationToken.None)), a => a.Name == "px-f3");
        File.Delete(file);
    }

    // Sends PING to the redis at address:6379 and returns its answer's first line.
    private static async Task<string> PingAsync(string address)
    {
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(address, 6379, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
        using var reader = new StreamReader(stream);
        return await reader.ReadLineAsync(timeout.Token) ?? string.Empty;
    }

    [Fact]
    public async Task Api_RequestWithoutAValidToken_Is401AndDoesNothing()
    {
        var url = lab.Client.Context.Url;
        using var http = new HttpClient { BaseAddress = url };
        var body = new StringContent("""{"package":"fx-redis","name":"px-intruder"}""", System.Text.Encoding.UTF8, "application/json");

        using var anonymous = await http.PostAsync("/v1/deployments", body);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-token");
        using var wrong = await http.PostAsync("/v1/deployments", body);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain((await lab.Client.AppsAsync(CancellationToken.None)), a => a.Name == "px-intruder");
        var refusals = await lab.Client.EventsAsync(0, 10_000, CancellationToken.None);
        Assert.Contains(refusals, e => e.Kind == "auth.refused");
    }
}
