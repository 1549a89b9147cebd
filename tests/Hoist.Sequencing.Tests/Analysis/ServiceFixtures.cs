using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

/// <summary>Unit files, links and init scripts written for these tests, shaped like those of a key-value
/// store, a web server and an application daemon as Debian packages them.</summary>
internal static class ServiceFixtures
{
    public static readonly SourceFile KvstoreUnit = new("/usr/lib/systemd/system/kvstore-server.service", """
        [Unit]
        Description=Persistent key-value store
        Documentation=https://kvstore.example/docs man:kvstore-server(1)
        After=network-online.target
        Wants=network-online.target

        [Service]
        Type=notify
        ExecStart=/usr/bin/kvstore-server /etc/kvstore/kvstore.conf --supervised systemd --daemonize no
        PIDFile=/run/kvstore/kvstore-server.pid
        TimeoutStopSec=0
        Restart=always
        User=kvstore
        Group=kvstore
        RuntimeDirectory=kvstore
        RuntimeDirectoryMode=2755

        UMask=007
        PrivateTmp=true
        LimitNOFILE=65535
        PrivateDevices=true
        ProtectHome=true
        ReadOnlyDirectories=/
        ReadWritePaths=-/var/lib/kvstore
        ReadWritePaths=-/var/log/kvstore
        ReadWritePaths=-/var/run/kvstore
        ReadWritePaths=-/etc/kvstore
        NoNewPrivileges=true
        CapabilityBoundingSet=
        RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX

        [Install]
        WantedBy=multi-user.target
        Alias=kvstore.service
        """);

    public static readonly SourceFile KvstoreTemplate = new("/usr/lib/systemd/system/kvstore-server@.service", """
        [Unit]
        Description=Persistent key-value store (%I)

        [Service]
        Type=notify
        ExecStart=/usr/bin/kvstore-server /etc/kvstore/kvstore-%i.conf --supervised systemd
        RuntimeDirectory=kvstore-%i
        """);

    public static readonly SourceFile WebdUnit = new("/lib/systemd/system/webd.service", """
        # Small web server, written for these tests.
        [Unit]
        Description=Small web server
        After=network.target remote-fs.target nss-lookup.target appd.service
        Requires=appd.service

        [Service]
        Type=forking
        PIDFile=/run/webd.pid
        ExecStartPre=/usr/sbin/webd -t -q -g 'daemon on; master_process on;'
        ExecStart=/usr/sbin/webd -g 'daemon on; master_process on;'
        ExecReload=/usr/sbin/webd -g 'daemon on; master_process on;' -s reload
        ExecStop=-/sbin/start-stop-daemon --quiet --stop --retry QUIT/5 --pidfile /run/webd.pid
        TimeoutStopSec=5
        KillMode=mixed

        [Install]
        WantedBy=multi-user.target
        """);

    public static readonly SourceFile AppdUnit = new("/etc/systemd/system/appd.service", """
        [Unit]
        Description=Application daemon for %N
        After=kvstore.service
        Wants=kvstore.service

        [Service]
        EnvironmentFile=-/etc/default/appd
        EnvironmentFile=-/etc/default/appd-extra
        Environment="GREETING=hello world" APPD_HOME=/srv/appd
        ExecStart=/usr/bin/appd $APPD_OPTS --listen=${APPD_LISTEN} --home ${APPD_HOME} --greeting ${GREETING}
        ExecReload=/bin/kill -HUP $MAINPID
        WorkingDirectory=-/srv/appd
        StateDirectory=appd
        LogsDirectory=appd
        CacheDirectory=appd
        ReadWritePaths=+/srv/appd/uploads /tmp/appd /run/appd -/home/appd
        User=appd
        SupplementaryGroups=ssl-cert www-data
        KillSignal=SIGINT
        TimeoutSec=1min 30s
        LimitNOFILE=1024:524288
        AmbientCapabilities=CAP_NET_BIND_SERVICE
        Restart=on-failure
        """);

    public const string AppdDefaults = """
        # Options for appd, written for these tests.
        APPD_OPTS="--workers 4 --verbose"
        APPD_LISTEN=0.0.0.0:8080
        GREETING='from the file'
        """;

    public static readonly SourceFile LegacyInitScript = new("/etc/init.d/legacyd", """
        #!/bin/sh
        ### BEGIN INIT INFO
        # Provides:          legacyd
        # Required-Start:    $remote_fs $syslog $network kvstore-server
        # Required-Stop:     $remote_fs $syslog
        # Default-Start:     2 3 4 5
        # Default-Stop:      0 1 6
        # Short-Description: Legacy queue daemon
        # Description:       A daemon that still ships only
        #                    a SysV init script.
        ### END INIT INFO

        DAEMON=/usr/sbin/legacyd
        case "$1" in
          start) start-stop-daemon --start --quiet --exec $DAEMON ;;
          stop) start-stop-daemon --stop --quiet --exec $DAEMON ;;
        esac
        """);

    public static readonly SourceFile WebdInitScript = new("/etc/init.d/webd", """
        #!/bin/sh
        ### BEGIN INIT INFO
        # Provides:          webd
        # Short-Description: Small web server
        ### END INIT INFO
        exit 0
        """);

    public static ServiceSources Sources() => new()
    {
        UnitFiles = [WebdUnit, KvstoreTemplate, AppdUnit, KvstoreUnit],
        AliasLinks =
        [
            new AliasLink("/etc/systemd/system/kvstore.service", "/usr/lib/systemd/system/kvstore-server.service"),
            new AliasLink("/etc/systemd/system/httpd.service", "../../../lib/systemd/system/webd.service"),
            new AliasLink("/etc/systemd/system/multi-user.target.wants/webd.service", "/lib/systemd/system/webd.service"),
        ],
        InitScripts = [WebdInitScript, LegacyInitScript],
        ReadFile = path => path == "/etc/default/appd" ? AppdDefaults : null,
    };

    /// <summary>A unit file named NAME.service in /usr/lib/systemd/system with the given [Unit] and [Service] lines.</summary>
    public static SourceFile Unit(string name, string unitLines, string serviceLines = "ExecStart=/bin/true") =>
        new($"/usr/lib/systemd/system/{name}.service", $"[Unit]\n{unitLines}\n[Service]\n{serviceLines}\n");
}
