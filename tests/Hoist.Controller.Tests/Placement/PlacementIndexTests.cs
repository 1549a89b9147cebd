using Hoist.Controller.Placement;
using Hoist.Controller.Tests.Testing;
using Hoist.Fabric.Api;
using Hoist.Packaging.Manifests;

namespace Hoist.Controller.Tests.Placement;

/// <summary>The fabric's placement index follows its hosts: what they reserve, release, their state and OS.</summary>
public sealed class PlacementIndexTests
{
    private static AppDemand Demand(string app = "redis", string package = "sha256:index-redis", string glibc = "2.34", long memoryMiB = 512, string port = "6379/tcp") => new()
    {
        App = app,
        Group = app,
        Package = package,
        Requires = new Requirements { Architecture = "amd64", Glibc = glibc, Libraries = ["libc.so.6"] },
        MemoryBytes = memoryMiB << 20,
        Cpus = 0.5,
        Ports = [port],
    };

    private static (PlacementIndex Index, PlacementHost H1, PlacementHost H2) Fabric()
    {
        var index = new PlacementIndex();
        var h1 = new PlacementHost("h1", TestFacts.Bookworm());
        var h2 = new PlacementHost("h2", TestFacts.Bookworm());
        index.Add(h1);
        index.Add(h2);
        return (index, h1, h2);
    }

    [Fact]
    public void Place_HostReservesThenReleases_IndexFollows()
    {
        var (index, h1, _) = Fabric();
        var big = Demand(app: "big", package: "sha256:index-big", memoryMiB: 4096, port: "1/tcp");

        h1.Reserve(big);
        var whileBusy = Placer.Place(index, Demand(), explain: false);
        h1.Release(big);
        var afterwards = Placer.Place(index, Demand(), explain: false);

        Assert.Equal("h2", whileBusy.Chosen?.Name);
        Assert.Equal("h1", afterwards.Chosen?.Name);
    }

    [Fact]
    public void Place_HostGoesOffline_Skipped()
    {
        var (index, h1, _) = Fabric();

        h1.State = HostStates.Offline;

        Assert.Equal("h2", Placer.Place(index, Demand(), explain: false).Chosen?.Name);
    }

    [Fact]
    public void Place_HostGetsANewOs_CompatibilityJudgedAgain()
    {
        var (index, h1, h2) = Fabric();
        var demand = Demand(glibc: "2.38");
        Assert.Null(Placer.Place(index, demand, explain: false).Chosen);

        h2.Facts = TestFacts.Trixie();

        Assert.Equal("h2", Placer.Place(index, demand, explain: false).Chosen?.Name);
        Assert.Equal(["OS Debian GNU/Linux 12 (bookworm) lacks GLIBC_2.38"], Placer.Judge(h1, demand).Reasons);
    }

    [Fact]
    public void Place_PackageAlreadyOnAHost_SpreadToTheOther()
    {
        var (index, h1, _) = Fabric();
        h1.Reserve(Demand(app: "a", memoryMiB: 0, port: "1/tcp"));

        var result = Placer.Place(index, Demand(app: "b", memoryMiB: 0, port: "2/tcp"), explain: false);

        Assert.Equal("h2", result.Chosen?.Name);
    }

    [Fact]
    public void Place_SameHostsAsASnapshot_SameChoiceAndScore()
    {
        var (index, h1, h2) = Fabric();
        h1.Reserve(Demand(app: "a", package: "sha256:index-a", memoryMiB: 1024, port: "1/tcp"));
        h2.Reserve(Demand(app: "b", package: "sha256:index-b", memoryMiB: 2048, port: "2/tcp"));

        var live = Placer.Place(index, Demand(), explain: false);
        var snapshot = Placer.Place([h1, h2], Demand(), explain: false);

        Assert.Equal((snapshot.Chosen, snapshot.Verdicts[0].Score), (live.Chosen, live.Verdicts[0].Score));
        Assert.Equal(Placer.Score(h1, Demand()), live.Verdicts[0].Score, 9);
    }

    [Fact]
    public void Place_ExcludedHost_NeverChosen()
    {
        var (index, _, _) = Fabric();

        Assert.Equal("h2", Placer.Place(index, Demand(), explain: false, exclude: "h1").Chosen?.Name);
    }
}
