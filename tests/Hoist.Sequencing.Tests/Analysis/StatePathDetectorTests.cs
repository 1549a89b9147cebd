using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class StatePathDetectorTests
{
    private static readonly DeltaPath[] Delta =
    [
        new("/var/lib/kvstore", true, false),
        new("/var/lib/kvstore/dump.db", false, false),
        new("/var/log/kvstore/", true, false),
        new("/var/log/kvstore/kvstore.log", false, false),
        new("/var/log/webd-install.log", false, false),
        new("/var/log/syslog", false, true),
        new("/var/spool/webd/queue/1", false, false),
        new("/var/lib/dpkg/status", false, true),
        new("/var/lib/dpkg/info/kvstore-server.list", false, false),
        new("/var/lib/apt/extended_states", false, false),
        new("/var/lib/systemd/deb-systemd-helper-enabled", true, false),
        new("/var/cache/debconf/config.dat", false, true),
        new("/var/cache/ldconfig/aux-cache", false, false),
        new("/var/log/apt/history.log", false, false),
        new("/var/log/dpkg.log", false, false),
        new("/var/log/alternatives.log", false, false),
        new("/etc/kvstore", true, false),
        new("/usr/bin/kvstore", false, false),
        new("/var/lib", true, true),
        new("/srv/webd", true, false),
        new("/srv/webd/htdocs", true, false),
    ];

    [Fact]
    public void Detect_AddedPathsBelowRoots_GivesTopmostAddedOnesWithoutOsPaths()
    {
        var paths = StatePathDetector.Detect(Delta, []);

        Assert.Equal(
            ["/srv/webd", "/var/lib/kvstore", "/var/log/kvstore", "/var/log/webd-install.log", "/var/spool/webd/queue/1"],
            paths);
    }

    [Fact]
    public void Detect_ServiceStateDirectories_AreAddedAndNestedOnesDropped()
    {
        var services = new[]
        {
            new ServiceSpec { Name = "kvstore", StateDirectories = ["/var/lib/kvstore/shards", "/opt/kvstore/data", "/var/cache/kvstore/"] },
            new ServiceSpec { Name = "webd", StateDirectories = ["/srv/webd/htdocs", "/var/spool/webd"] },
        };

        var paths = StatePathDetector.Detect(Delta, services);

        Assert.Equal(
            ["/opt/kvstore/data", "/srv/webd", "/var/cache/kvstore", "/var/lib/kvstore", "/var/log/kvstore", "/var/log/webd-install.log", "/var/spool/webd"],
            paths);
    }

    [Fact]
    public void Detect_OnlyChangedPaths_GivesNothing()
    {
        DeltaPath[] delta = [new("/var/lib/kvstore", true, true), new("/var/lib/kvstore/dump.db", false, true)];

        Assert.Empty(StatePathDetector.Detect(delta, []));
    }

    [Fact]
    public void Detect_RootItselfAdded_IsNotAStatePath()
    {
        DeltaPath[] delta = [new("/srv", true, false), new("/srv/app", true, false)];

        Assert.Equal(["/srv/app"], StatePathDetector.Detect(delta, []));
    }
}
