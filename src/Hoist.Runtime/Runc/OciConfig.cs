using System.Text.Json.Nodes;

namespace Hoist.Runtime.Runc;

/// <summary>
/// The config.json of an app's OCI bundle: hoist-init as the process, root, in its own mount, pid,
/// ipc and uts namespaces (and the host's network namespace, or the machine's network); /proc, a
/// small /dev, a read-only /sys, empty /run and /tmp; the logs and status directories of the app
/// bound in; cgroup limits; the usual masked and read-only kernel paths.
/// </summary>
public static class OciConfig
{
    private const long CpuPeriod = 100_000;

    public static string Build(BundleSpec spec)
    {
        var capabilities = new JsonArray([.. spec.Capabilities.Select(c => JsonValue.Create(c))]);
        var namespaces = new JsonArray(Namespace("pid"), Namespace("ipc"), Namespace("uts"), Namespace("mount"));
        if (spec.NetworkNamespace is { } network)
        {
            namespaces.Add((JsonNode)new JsonObject { ["type"] = "network", ["path"] = network });
        }

        var resources = new JsonObject { ["devices"] = new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }) };
        if (spec.Limits.MemoryBytes is { } memory)
        {
            resources["memory"] = new JsonObject { ["limit"] = memory };
        }

        if (spec.Limits.Cpus is { } cpus)
        {
            resources["cpu"] = new JsonObject { ["quota"] = (long)(cpus * CpuPeriod), ["period"] = CpuPeriod };
        }

        if (spec.Limits.Pids is { } pids)
        {
            resources["pids"] = new JsonObject { ["limit"] = pids };
        }

        var config = new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
                ["args"] = spec.Standby ? new JsonArray("/.hoist/init", "--spec", "/.hoist/app.json", "--standby") : new JsonArray("/.hoist/init", "--spec", "/.hoist/app.json"),
                ["env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", $"HOIST_APP={spec.Hostname}"),
                ["cwd"] = "/",
                ["capabilities"] = new JsonObject
                {
                    ["bounding"] = capabilities.DeepClone(),
                    ["effective"] = capabilities.DeepClone(),
                    ["permitted"] = capabilities.DeepClone(),
                },
                ["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["hard"] = spec.NoFileLimit, ["soft"] = spec.NoFileLimit }),
                ["noNewPrivileges"] = false,
            },
            ["root"] = new JsonObject { ["path"] = "rootfs", ["readonly"] = false },
            ["hostname"] = spec.Hostname,
            ["mounts"] = Mounts(spec),
            ["linux"] = new JsonObject
            {
                ["namespaces"] = namespaces,
                ["cgroupsPath"] = spec.CgroupsPath,
                ["resources"] = resources,
                ["maskedPaths"] = new JsonArray([.. MaskedPaths.Concat(spec.Masked).Select(p => JsonValue.Create(p))]),
                ["readonlyPaths"] = new JsonArray("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"),
            },
        };
        return config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static readonly string[] MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
    ];

    private static JsonObject Namespace(string type) => new() { ["type"] = type };

    private static JsonArray Mounts(BundleSpec spec) =>
    [
        Mount("/proc", "proc", "proc"),
        Mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
        Mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"),
        Mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
        Mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
        Mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
        Mount("/run", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=755"),
        Mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777"),
        Mount("/.hoist/logs", "bind", spec.LogDirectory, "rbind", "rw"),
        Mount("/.hoist/run", "bind", spec.RunDirectory, "rbind", "rw"),
    ];

    private static JsonNode Mount(string destination, string type, string source, params string[] options) => new JsonObject
    {
        ["destination"] = destination,
        ["type"] = type,
        ["source"] = source,
        ["options"] = new JsonArray([.. options.Select(o => JsonValue.Create(o))]),
    };
}
