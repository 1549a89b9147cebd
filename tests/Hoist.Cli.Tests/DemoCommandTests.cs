using Hoist.Testing;

namespace Hoist.Cli.Tests;

/// <summary>The README's first command ends in `hoist demo`: it must do its whole job.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_BuildsImagesSequencesRedisAndNginxAndShowsWhereTheyRun()
    {
        await TestImages.GetAsync("bookworm");
        await TestImages.GetAsync("trixie");
        var before = Leftovers.Take(TestHome.Shared);

        CliResult result;
        try
        {
            result = await HoistCli.RunAsync(TestHome.Shared, "demo");
        }
        finally
        {
            // The demo leaves apps, hosts and a lab up: they go, whatever happened.
            await HoistCli.RunAsync(TestHome.Shared, "demo", "--clean");
        }

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("bookworm  Debian GNU/Linux 12 (bookworm), amd64, glibc 2.36", result.Stdout);
        Assert.Contains("trixie    Debian GNU/Linux 13 (trixie), amd64, glibc 2.41", result.Stdout);
        Assert.Contains("services      redis-server: /usr/bin/redis-server /etc/redis/redis.conf", result.Stdout);
        Assert.Contains("ports 6379/tcp", result.Stdout);
        Assert.Contains("services      nginx: /usr/sbin/nginx", result.Stdout);
        Assert.True(result.Stdout.Contains("ports 80/tcp", StringComparison.Ordinal), string.Join('\n', result.Stderr.Split('\n').Where(l => l.Contains("note:", StringComparison.Ordinal) || l.Contains("probe", StringComparison.Ordinal))));
        Assert.Contains("redis  on trixie    (Debian GNU/Linux 13 (trixie)): compatible", result.Stdout);
        Assert.Contains("nginx  on trixie    (Debian GNU/Linux 13 (trixie)): compatible", result.Stdout);
        Assert.Contains("redis  on bookworm  (Debian GNU/Linux 12 (bookworm)): compatible", result.Stdout);
        Assert.Contains("inside it: Debian GNU/Linux 12 (bookworm)", result.Stdout);
        Assert.Contains("wrote 100,000 keys", result.Stdout);
        Assert.Contains("inside demo-redis now: Debian GNU/Linux 13 (trixie)", result.Stdout);
        Assert.Contains("100,000 of 100,000 keys read back intact\n", result.Stdout.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Contains("100,000 of 100,000 keys read back intact there", result.Stdout);
        Assert.Contains("hosts h1 (bookworm, 10.78.0.2), h2 (trixie, 10.78.0.3), h3 (bookworm, 10.78.0.4); up in", result.Stdout);
        Assert.Matches(@"fabric-redis h1 -> h2 \(warm\): succeeded; downtime \d+ ms", result.Stdout);
        var writes = System.Text.RegularExpressions.Regex.Match(result.Stdout, @"([\d,]+) writes acknowledged before, during and after the move; ([\d,]+) of them read back on h2");
        Assert.True(writes.Success, result.Stdout);
        Assert.Equal(writes.Groups[1].Value, writes.Groups[2].Value);
        Assert.Matches(@"host h\d is drained", result.Stdout);
        Assert.Contains("demo done in", result.Stdout);

        Assert.DoesNotContain("demo-redis", (await HoistCli.RunAsync(TestHome.Shared, "ps", "--all")).Stdout);
        Assert.False(File.Exists(Path.Combine(TestHome.Shared.Root, "context.json")), "the demo's clean left the lab's context");
        Assert.DoesNotContain("hoistlab-", (await Core.Processes.ProcessRunner.RunAsync(new Core.Processes.ProcessSpec("ip", "netns", "list"), CancellationToken.None)).Stdout);
        Leftovers.Take(TestHome.Shared).AssertNothingLeftSince(before);
    }
}
