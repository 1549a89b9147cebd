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
        Assert.Contains("ports 80/tcp", result.Stdout);
        Assert.Contains("redis  on trixie    (Debian GNU/Linux 13 (trixie)): compatible", result.Stdout);
        Assert.Contains("nginx  on trixie    (Debian GNU/Linux 13 (trixie)): compatible", result.Stdout);
        Assert.Contains("redis  on bookworm  (Debian GNU/Linux 12 (bookworm)): compatible", result.Stdout);
        Assert.Contains("demo done in", result.Stdout);
        Leftovers.Take(TestHome.Shared).AssertNothingLeftSince(before);
    }
}
