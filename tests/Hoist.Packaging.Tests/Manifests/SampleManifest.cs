using Hoist.Packaging.Manifests;

namespace Hoist.Packaging.Tests.Manifests;

/// <summary>A manifest with every field set, shaped like a sequenced redis.</summary>
internal static class SampleManifest
{
    public static PackageManifest Create() => new()
    {
        Name = "redis",
        Version = "7.0.15-1~deb12u7",
        Description = "Advanced key-value store",
        Sequencing = new SequencingInfo { Image = "bookworm", Os = "Debian GNU/Linux 12 (bookworm)", ImageDigest = "sha256:" + new string('1', 64), Installer = "apt-get install -y redis-server", At = "2026-11-25T10:00:00Z", HoistVersion = "0.1.0" },
        Requires = new Requirements
        {
            Architecture = "amd64",
            Glibc = "2.34",
            Libraries = ["libc.so.6", "libm.so.6"],
            Others = new OtherRequirements { Glibc = "2.36", Libraries = ["libcom_err.so.2"] },
        },
        Services =
        [
            new ServiceSpec
            {
                Name = "redis-server",
                Description = "Advanced key-value store",
                Source = "/usr/lib/systemd/system/redis-server.service",
                Aliases = ["redis"],
                Type = "notify",
                Exec = ["/usr/bin/redis-server", "/etc/redis/redis.conf", "--supervised", "systemd"],
                ExecStartPre = [new CommandSpec { Exec = ["/usr/bin/true"], IgnoreFailure = true }],
                User = "redis",
                Group = "redis",
                WorkingDirectory = "/var/lib/redis",
                Environment = new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["QUOTED"] = "a: b # c" },
                EnvironmentFiles = ["-/etc/default/redis-server"],
                UMask = "007",
                PidFile = "/run/redis/redis-server.pid",
                RuntimeDirectories = ["/run/redis"],
                RuntimeDirectoryMode = "2755",
                StateDirectories = ["/var/lib/redis", "/var/log/redis"],
                Restart = "always",
                StopTimeoutSeconds = 90,
                LimitNoFile = 65535,
                Capabilities = [],
                Ports = [new PortSpec { Port = 6379, Protocol = "tcp", Addresses = ["127.0.0.1", "::1"] }],
                Readiness = new ReadinessProbe { Port = 6379 },
            },
        ],
        Users = [new UserSpec { Name = "redis", Uid = 100, Gid = 101, Home = "/var/lib/redis", Shell = "/usr/sbin/nologin" }],
        Groups = [new GroupSpec { Name = "redis", Gid = 101 }, new GroupSpec { Name = "adm", Gid = 4, Members = ["redis"], Existing = true }],
        StatePaths = ["/var/lib/redis", "/var/log/redis"],
        ConfigFiles = ["/etc/redis/redis.conf"],
        Parameters = [new ParameterSpec { Name = "port", Default = "6379", Description = "TCP port", Targets = [new ParameterTarget { File = "/etc/redis/redis.conf", Line = "port {value}" }] }],
        BillOfMaterials = [new BomEntry { Name = "redis-server", Version = "5:7.0.15-1~deb12u7", Architecture = "amd64" }, new BomEntry { Name = "libssl3", Version = "3.0.20", Replaced = "3.0.11" }],
        Layer = new LayerInfo { Digest = "sha256:" + new string('2', 64), Size = 4_000_000, DiffId = "sha256:" + new string('3', 64), UncompressedSize = 13_000_000, Entries = 95, ContentBytes = 12_900_000, Whiteouts = 1 },
    };
}
