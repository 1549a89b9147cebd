using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class ServiceDetectorTests
{
    private static readonly ServiceDetection Detection = ServiceDetector.Detect(ServiceFixtures.Sources());

    private static ServiceSpec Service(string name) => Assert.Single(Detection.Services, s => s.Name == name);

    private static string[] Commands(IReadOnlyList<CommandSpec> commands) =>
        [.. commands.Select(c => (c.IgnoreFailure ? "-" : "") + string.Join(" | ", c.Exec))];

    [Fact]
    public void Detect_PackageServices_OrderedByDependencyThenName()
    {
        Assert.Equal(["kvstore-server", "appd", "legacyd", "webd"], Detection.Services.Select(s => s.Name));
    }

    [Fact]
    public void Detect_Fixtures_NotesTemplateReplacedInitScriptAndUnexpandedVariable()
    {
        Assert.Equal(
            [
                "skipped template unit kvstore-server@.service",
                "skipped init script /etc/init.d/webd: the systemd unit webd.service replaces it",
                "appd: kept ExecReload /bin/kill as written: it refers to $MAINPID, which the unit does not set",
            ],
            Detection.Notes);
    }

    [Fact]
    public void Detect_KeyValueStoreUnit_MapsEverySetting()
    {
        var kvstore = Service("kvstore-server");

        Assert.Equal("Persistent key-value store", kvstore.Description);
        Assert.Equal("/usr/lib/systemd/system/kvstore-server.service", kvstore.Source);
        Assert.Equal(["kvstore"], kvstore.Aliases);
        Assert.Equal("notify", kvstore.Type);
        Assert.Equal(["/usr/bin/kvstore-server", "/etc/kvstore/kvstore.conf", "--supervised", "systemd", "--daemonize", "no"], kvstore.Exec);
        Assert.Equal("kvstore", kvstore.User);
        Assert.Equal("kvstore", kvstore.Group);
        Assert.Equal("/run/kvstore/kvstore-server.pid", kvstore.PidFile);
        Assert.Equal(["/run/kvstore"], kvstore.RuntimeDirectories);
        Assert.Equal("2755", kvstore.RuntimeDirectoryMode);
        Assert.Equal("007", kvstore.UMask);
        Assert.Equal(["/var/lib/kvstore", "/var/log/kvstore"], kvstore.StateDirectories);
        Assert.Equal("always", kvstore.Restart);
        Assert.Equal(0, kvstore.StopTimeoutSeconds);
        Assert.Equal(65535, kvstore.LimitNoFile);
        Assert.NotNull(kvstore.Capabilities);
        Assert.Empty(kvstore.Capabilities);
        Assert.Empty(kvstore.After);
        Assert.Empty(kvstore.Requires);
        Assert.Empty(kvstore.ExecStartPre);
        Assert.Empty(kvstore.ExecStop);
        Assert.Null(kvstore.StopSignal);
    }

    [Fact]
    public void Detect_WebServerUnit_MapsCommandsTimeoutAndAliasLink()
    {
        var webd = Service("webd");

        Assert.Equal("forking", webd.Type);
        Assert.Equal(["httpd"], webd.Aliases);
        Assert.Equal("/run/webd.pid", webd.PidFile);
        Assert.Equal(["/usr/sbin/webd", "-g", "daemon on; master_process on;"], webd.Exec);
        Assert.Equal(["/usr/sbin/webd | -t | -q | -g | daemon on; master_process on;"], Commands(webd.ExecStartPre));
        Assert.Equal(["/usr/sbin/webd | -g | daemon on; master_process on; | -s | reload"], Commands(webd.ExecReload));
        Assert.Equal(["-/sbin/start-stop-daemon | --quiet | --stop | --retry | QUIT/5 | --pidfile | /run/webd.pid"], Commands(webd.ExecStop));
        Assert.Equal(5, webd.StopTimeoutSeconds);
        Assert.Equal(["appd"], webd.After);
        Assert.Equal(["appd"], webd.Requires);
        Assert.Null(webd.User);
        Assert.Null(webd.Capabilities);
        Assert.Null(webd.LimitNoFile);
    }

    [Fact]
    public void Detect_EnvironmentFileVariables_AreSubstitutedAndOverrideEnvironment()
    {
        var appd = Service("appd");

        Assert.Equal(
            ["/usr/bin/appd", "--workers", "4", "--verbose", "--listen=0.0.0.0:8080", "--home", "/srv/appd", "--greeting", "from the file"],
            appd.Exec);
        Assert.Equal(new Dictionary<string, string> { ["APPD_HOME"] = "/srv/appd", ["GREETING"] = "hello world" }, appd.Environment);
        Assert.Equal(["-/etc/default/appd", "-/etc/default/appd-extra"], appd.EnvironmentFiles);
        Assert.Equal(["/bin/kill | -HUP | $MAINPID"], Commands(appd.ExecReload));
    }

    [Fact]
    public void Detect_ApplicationUnit_MapsDirectoriesLimitsAndDependencyThroughAlias()
    {
        var appd = Service("appd");

        Assert.Equal("Application daemon for appd", appd.Description);
        Assert.Equal("/etc/systemd/system/appd.service", appd.Source);
        Assert.Equal("simple", appd.Type);
        Assert.Equal("/srv/appd", appd.WorkingDirectory);
        Assert.Equal(["/home/appd", "/srv/appd/uploads", "/var/cache/appd", "/var/lib/appd", "/var/log/appd"], appd.StateDirectories);
        Assert.Equal("appd", appd.User);
        Assert.Null(appd.Group);
        Assert.Equal(["ssl-cert", "www-data"], appd.SupplementaryGroups);
        Assert.Equal("SIGINT", appd.StopSignal);
        Assert.Equal(90, appd.StopTimeoutSeconds);
        Assert.Equal(1024, appd.LimitNoFile);
        Assert.Equal(["CAP_NET_BIND_SERVICE"], appd.Capabilities);
        Assert.Equal("on-failure", appd.Restart);
        Assert.Equal(["kvstore-server"], appd.After);
        Assert.Empty(appd.Requires);
    }

    [Fact]
    public void Detect_InitScriptWithoutUnit_GivesForkingServiceFromLsbHeader()
    {
        var legacy = Service("legacyd");

        Assert.Equal("Legacy queue daemon", legacy.Description);
        Assert.Equal("/etc/init.d/legacyd", legacy.Source);
        Assert.Equal("forking", legacy.Type);
        Assert.Equal(["/etc/init.d/legacyd", "start"], legacy.Exec);
        Assert.Equal(["/etc/init.d/legacyd | stop"], Commands(legacy.ExecStop));
        Assert.Equal(["kvstore-server"], legacy.After);
        Assert.Empty(legacy.Aliases);
    }

    [Fact]
    public void Detect_DependencyCycle_BreaksItAtFirstNameWithNote()
    {
        var detection = ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles =
            [
                ServiceFixtures.Unit("c", "After=a.service"),
                ServiceFixtures.Unit("b", "After=a.service\nRequires=a.service"),
                ServiceFixtures.Unit("a", "Wants=b.service\nBindsTo=b.service"),
            ],
        });

        Assert.Equal(["a", "b", "c"], detection.Services.Select(s => s.Name));
        Assert.Equal(["dependency cycle a -> b -> a: a no longer waits for b"], detection.Notes);
        Assert.Empty(detection.Services[0].After);
        Assert.Empty(detection.Services[0].Requires);
        Assert.Equal(["a"], detection.Services[1].Requires);
    }

    [Fact]
    public void Detect_IndependentServices_AreSortedByName()
    {
        var detection = ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles = [ServiceFixtures.Unit("zeta", ""), ServiceFixtures.Unit("alpha", ""), ServiceFixtures.Unit("mid", "After=zeta.service")],
        });

        Assert.Equal(["alpha", "zeta", "mid"], detection.Services.Select(s => s.Name));
    }

    [Fact]
    public void Detect_DependencyOnUnitWithDotsInName_IsKeptAndOtherUnitTypesDropped()
    {
        var detection = ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles =
            [
                ServiceFixtures.Unit("php8.4-pool", ""),
                ServiceFixtures.Unit("app", "After=network.target php8.4-pool.service php8.4-pool.socket\nRequires=php8.4-pool.service"),
            ],
        });

        Assert.Equal(["php8.4-pool", "app"], detection.Services.Select(s => s.Name));
        Assert.Equal(["php8.4-pool"], detection.Services[1].After);
        Assert.Equal(["php8.4-pool"], detection.Services[1].Requires);
        Assert.Empty(detection.Notes);
    }

    [Fact]
    public void Detect_UnitInEtcAndUsrLib_EtcWins()
    {
        var detection = ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles =
            [
                ServiceFixtures.Unit("kv", "Description=vendor"),
                new SourceFile("/etc/systemd/system/kv.service", "[Unit]\nDescription=local\n[Service]\nExecStart=/bin/true\n"),
            ],
        });

        Assert.Equal("local", Assert.Single(detection.Services).Description);
        Assert.Equal(["ignored /usr/lib/systemd/system/kv.service: /etc/systemd/system/kv.service overrides it"], detection.Notes);
    }

    [Fact]
    public void Detect_OneshotWithSeveralExecStart_KeepsFirstAndNotes()
    {
        var detection = ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles = [ServiceFixtures.Unit("setup", "", "Type=oneshot\nExecStart=/bin/mkdir -p /srv/x\nExecStart=/bin/chown x /srv/x")],
        });

        Assert.Equal(["/bin/mkdir", "-p", "/srv/x"], Assert.Single(detection.Services).Exec);
        Assert.Equal(["setup: kept the first of 2 ExecStart= commands (Type=oneshot runs them all in turn)"], detection.Notes);
    }

    [Fact]
    public void Detect_UnusualSettings_AreLeftUnsetWithNotes()
    {
        var service = """
            ExecStart=/usr/bin/x
            ExecStartPre=+/usr/bin/x-prepare
            WorkingDirectory=~
            LimitNOFILE=infinity
            CapabilityBoundingSet=~CAP_SYS_ADMIN CAP_SYS_PTRACE
            TimeoutSec=infinity
            EnvironmentFile=/etc/default/x
            """;

        var detection = ServiceDetector.Detect(new ServiceSources { UnitFiles = [ServiceFixtures.Unit("x", "", service)] });

        var x = Assert.Single(detection.Services);
        Assert.Null(x.WorkingDirectory);
        Assert.Null(x.LimitNoFile);
        Assert.Null(x.Capabilities);
        Assert.Equal(0, x.StopTimeoutSeconds);
        Assert.Equal(["/usr/bin/x-prepare"], Commands(x.ExecStartPre));
        Assert.Equal(
            [
                "x: EnvironmentFile=/etc/default/x does not exist in the installed system",
                "x: ExecStartPre /usr/bin/x-prepare has the '+' prefix (privileges), which the manifest does not record",
                "x: WorkingDirectory=~ (the home of User=) left unset",
                "x: LimitNOFILE=infinity asks for no limit; left unset (the host's default applies)",
                "x: capabilities '~CAP_SYS_ADMIN CAP_SYS_PTRACE' (all but those) are not recorded; Capabilities left unset",
            ],
            detection.Notes);
    }

    [Fact]
    public void Detect_MaskedUnitAndUnitWithoutExecStart_AreSkippedAndDependenciesOnThemDropped()
    {
        var detection = ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles =
            [
                ServiceFixtures.Unit("masked", ""),
                ServiceFixtures.Unit("empty", "", "Type=oneshot\nRemainAfterExit=yes"),
                ServiceFixtures.Unit("main", "After=empty.service masked.service\nRequires=empty.service"),
            ],
            AliasLinks = [new AliasLink("/etc/systemd/system/masked.service", "/dev/null")],
        });

        var main = Assert.Single(detection.Services);
        Assert.Empty(main.After);
        Assert.Empty(main.Requires);
        Assert.Equal(
            ["skipped masked.service: masked (linked to /dev/null)", "skipped empty.service: it has no usable ExecStart=", "main: dropped the dependency on empty, which gives no service"],
            detection.Notes);
    }

    [Fact]
    public void Detect_InitScriptWithoutHeaderAndAliasTakenByAnotherUnit_AreNoted()
    {
        var detection = ServiceDetector.Detect(new ServiceSources
        {
            UnitFiles = [ServiceFixtures.Unit("one", "", "ExecStart=/bin/one\n[Install]\nAlias=two.service"), ServiceFixtures.Unit("two", "")],
            InitScripts = [new SourceFile("/etc/init.d/README", "Init scripts live here.\n")],
        });

        Assert.Equal(["one", "two"], detection.Services.Select(s => s.Name));
        Assert.Empty(detection.Services[0].Aliases);
        Assert.Equal(
            ["one: ignored alias two.service: two already has that name", "skipped init script /etc/init.d/README: it has no LSB header (### BEGIN INIT INFO)"],
            detection.Notes);
    }
}
