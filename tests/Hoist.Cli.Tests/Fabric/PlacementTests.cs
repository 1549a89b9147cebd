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
