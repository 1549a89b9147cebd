using Hoist.Controller.Placement;
using Hoist.Controller.Tests.Testing;
using Hoist.Fabric.Api;
using Hoist.Packaging.Manifests;

namespace Hoist.Controller.Tests.Placement;

public sealed class PlacerTests
{
    private static AppDemand Demand(string app = "redis", string group = "redis", string package = "sha256:redis", string glibc = "2.34", long memoryMiB = 512, double cpus = 0.5, params string[] ports) => new()
    {
        App = app,
        Group = group,
        Package = package,
        Requires = new Requirements { Architecture = "amd64", Glibc = glibc, Libraries = ["libc.so.6"] },
        MemoryBytes = memoryMiB << 20,
        Cpus = cpus,
        Ports = ports.Length == 0 ? ["6379/tcp"] : ports,
    };

    private static PlacementHost Host(string name, HostFacts? facts = null, string state = HostStates.Ready) => new(name, facts ?? TestFacts.Bookworm(), state);

    [Fact]
    public void Judge_ReadyCompatibleHost_Eligible()
    {
        var verdict = Placer.Judge(Host("h1"), Demand());

        Assert.True(verdict.Eligible);
        Assert.Empty(verdict.Reasons);
    }

    [Theory]
    [InlineData(HostStates.Offline)]
    [InlineData(HostStates.Draining)]
    [InlineData(HostStates.Drained)]
    [InlineData(HostStates.Upgrading)]
    public void Judge_HostNotReady_SaysItsState(string state)
    {
        var verdict = Placer.Judge(Host("h1", state: state), Demand());

        Assert.False(verdict.Eligible);
        Assert.Equal([state], verdict.Reasons);
    }

    [Fact]
    public void Judge_GlibcTooOld_NamesOsAndSymbolVersion()
    {
        var verdict = Placer.Judge(Host("h1"), Demand(glibc: "2.38"));

        Assert.Equal(["OS Debian GNU/Linux 12 (bookworm) lacks GLIBC_2.38"], verdict.Reasons);
    }

    [Fact]
    public void Judge_MissingLibraryAndArchitecture_GivesEveryReason()
    {
        var demand = Demand() with { Requires = new Requirements { Architecture = "arm64", Libraries = ["libfoo.so.1"] } };

        var verdict = Placer.Judge(Host("h1"), demand);

        Assert.Equal(["OS Debian GNU/Linux 12 (bookworm) is amd64, the package is built for arm64; OS Debian GNU/Linux 12 (bookworm) lacks libfoo.so.1"], verdict.Reasons);
    }

    [Fact]
    public void Judge_PortReportedInUse_PortInUse()
    {
        var verdict = Placer.Judge(Host("h1", TestFacts.Bookworm(portsInUse: "6379/tcp")), Demand());

        Assert.Equal(["port 6379/tcp in use"], verdict.Reasons);
    }

    [Fact]
    public void Judge_PortOfAppPlacedThere_NamesTheApp()
    {
        var host = Host("h1");
        host.Reserve(Demand(app: "cache", group: "cache", package: "sha256:other"));

        var verdict = Placer.Judge(host, Demand());

        Assert.Equal(["port 6379/tcp in use by cache"], verdict.Reasons);
    }

    [Fact]
    public void Judge_MemoryFull_NeedsAndFree()
    {
        var host = Host("h1", TestFacts.Bookworm(memoryMiB: 1024));
        host.Reserve(Demand(app: "a", group: "a", memoryMiB: 924, ports: "1/tcp"));

        var verdict = Placer.Judge(host, Demand());

        Assert.Equal(["needs 512 MiB, 100 MiB free"], verdict.Reasons);
    }

    [Fact]
    public void Judge_CpusFull_NeedsAndFree()
    {
        var host = Host("h1", TestFacts.Bookworm(cpus: 1));
        host.Reserve(Demand(app: "a", group: "a", cpus: 0.75, ports: "1/tcp"));

        var verdict = Placer.Judge(host, Demand());

        Assert.Equal(["needs 0.5 CPUs, 0.25 free"], verdict.Reasons);
    }

    [Fact]
    public void Judge_InstanceOfGroupThere_AntiAffinity()
    {
        var host = Host("h1");
        host.Reserve(Demand(app: "web", group: "web", ports: "80/tcp"));

        var verdict = Placer.Judge(host, Demand(app: "web-2", group: "web", ports: "81/tcp"));

        Assert.Equal(["an instance of web is already there"], verdict.Reasons);
    }

    [Fact]
    public void Reserve_ThenRelease_FreesEverything()
    {
        var host = Host("h1");
        var demand = Demand();
        host.Reserve(demand);
        host.Release(demand);

        Assert.Equal(0, host.MemoryReservedBytes);
        Assert.Equal(0, host.CpusReserved);
        Assert.True(Placer.Judge(host, demand).Eligible);
    }

    [Fact]
    public void Score_AfterPlacing_OneMinusLargestFraction()
    {
        var host = Host("h1", TestFacts.Bookworm(memoryMiB: 4096, cpus: 4));

        var score = Placer.Score(host, Demand(memoryMiB: 1024, cpus: 2));

        Assert.Equal(0.5, score, 6);
    }

    [Fact]
    public void Score_SamePackageThere_SpreadPenalty()
    {
        var host = Host("h1", TestFacts.Bookworm(memoryMiB: 4096, cpus: 4));
        host.Reserve(Demand(app: "a", group: "a", memoryMiB: 0, cpus: 0, ports: "1/tcp"));

        var score = Placer.Score(host, Demand(memoryMiB: 1024, cpus: 1));

        Assert.Equal(0.75 - 0.5, score, 6);
    }

    [Fact]
    public void Place_SeveralHosts_LeastLoadedChosen()
    {
        var busy = Host("h1");
        busy.Reserve(Demand(app: "a", group: "a", package: "sha256:a", memoryMiB: 4096, ports: "1/tcp"));

        var result = Placer.Place([busy, Host("h2")], Demand(), explain: false);

        Assert.Equal("h2", result.Chosen?.Name);
        Assert.Single(result.Verdicts);
    }

    [Fact]
    public void Place_EqualScores_NameBreaksTheTie()
    {
        var result = Placer.Place([Host("h3"), Host("h1"), Host("h2")], Demand(), explain: false);

        Assert.Equal("h1", result.Chosen?.Name);
    }

    [Fact]
    public void Place_SamePackageOnAHost_SpreadsToAnother()
    {
        var small = Host("h1", TestFacts.Bookworm(memoryMiB: 8192));
        small.Reserve(Demand(app: "redis", ports: "1/tcp"));
        var result = Placer.Place([small, Host("h2", TestFacts.Bookworm(memoryMiB: 4096))], Demand(app: "redis-b", group: "redis-b", ports: "2/tcp"), explain: false);

        Assert.Equal("h2", result.Chosen?.Name);
    }

    [Fact]
    public void Place_Explain_EveryVerdictBestFirst()
    {
        var full = Host("h3", TestFacts.Bookworm(memoryMiB: 256));
        var busy = Host("h2");
        busy.Reserve(Demand(app: "a", group: "a", package: "sha256:a", memoryMiB: 2048, ports: "1/tcp"));

        var result = Placer.Place([full, busy, Host("h1"), Host("h0", state: HostStates.Offline)], Demand(), explain: true);

        Assert.Equal(["h1", "h2", "h0", "h3"], result.Verdicts.Select(v => v.Host));
        Assert.True(result.Verdicts[0].Chosen);
        Assert.True(result.Verdicts[0].Score > result.Verdicts[1].Score);
        Assert.Equal(["offline"], result.Verdicts[2].Reasons);
        Assert.Equal(["needs 512 MiB, 256 MiB free"], result.Verdicts[3].Reasons);
    }

    [Fact]
    public void Place_ExcludedHost_NotConsidered()
    {
        var result = Placer.Place([Host("h1"), Host("h2")], Demand(), explain: true, exclude: "h1");

        Assert.Equal("h2", result.Chosen?.Name);
        Assert.Equal(["h2"], result.Verdicts.Select(v => v.Host));
    }

    [Fact]
    public void Place_NoHostFits_RefusalListsEveryHost()
    {
        var result = Placer.Place([Host("h1", state: HostStates.Offline), Host("h2", TestFacts.Bookworm(portsInUse: "6379/tcp"))], Demand(), explain: false);

        Assert.Null(result.Chosen);
        var refusal = result.Refusal("redis");
        Assert.Equal(Core.Errors.ErrorKind.FailedPrecondition, refusal.Kind);
        Assert.Equal("no host can run redis: h1: offline; h2: port 6379/tcp in use", refusal.Message);
    }

    [Fact]
    public void Facts_NewOs_ForgetsCompatibility()
    {
        var host = Host("h1");
        var demand = Demand(glibc: "2.38");
        Assert.False(Placer.Judge(host, demand).Eligible);

        host.Facts = TestFacts.Trixie();

        Assert.True(Placer.Judge(host, demand).Eligible);
    }
}
