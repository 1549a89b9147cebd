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

        var result = await HoistCli.RunAsync(TestHome.Shared, "demo");

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
        Assert.Contains("demo done in", result.Stdout);

        var clean = await HoistCli.RunAsync(TestHome.Shared, "demo", "--clean");
        Assert.Equal(0, clean.ExitCode);
        Assert.DoesNotContain("demo-redis", (await HoistCli.RunAsync(TestHome.Shared, "ps", "--all")).Stdout);
        Leftovers.Take(TestHome.Shared).AssertNothingLeftSince(before);
    }
}
