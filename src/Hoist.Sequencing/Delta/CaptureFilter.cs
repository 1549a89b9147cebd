using Hoist.Linux;

namespace Hoist.Sequencing.Delta;

/// <summary>
/// What an installer leaves that belongs to the OS or to the capture rather than to the app:
/// package manager state and caches, account databases (the manifest carries the app's users
/// instead), machine identity, volatile directories, and the links that enable services in the
/// host's init system (Hoist supervises the services itself).
/// </summary>
internal static class CaptureFilter
{
    private static readonly string[] Trees =
    [
        "dev", "proc", "sys", "run", "tmp", "var/tmp", "var/run", "var/lock",
        "var/lib/apt", "var/cache/apt", "var/lib/dpkg", "var/log/apt", "var/cache/debconf",
        "var/cache/ldconfig", "var/cache/man", "var/lib/ucf", "var/lib/pam",
        "var/lib/systemd/deb-systemd-helper-enabled", "var/lib/systemd/deb-systemd-user-helper-enabled",
        "var/lib/systemd/deb-systemd-helper-masked", "root/.cache",
    ];

    private static readonly HashSet<string> Paths = new(StringComparer.Ordinal)
    {
        "etc/ld.so.cache", "etc/machine-id", "var/lib/dbus/machine-id", "etc/resolv.conf", "etc/hostname",
        "etc/hosts", "etc/mtab", "etc/.pwd.lock", "etc/passwd", "etc/passwd-", "etc/group", "etc/group-",
        "etc/shadow", "etc/shadow-", "etc/gshadow", "etc/gshadow-", "etc/subuid", "etc/subuid-",
        "etc/subgid", "etc/subgid-", "var/log/dpkg.log", "var/log/alternatives.log", "var/log/bootstrap.log",
        "var/log/lastlog", "var/log/faillog", "var/log/wtmp", "var/log/btmp", "root/.bash_history",
        "root/.wget-hsts", "root/.lesshst",
    };

    /// <summary>Paths that the package's manifest describes instead of carrying them (accounts), for messages.</summary>
    public static bool IsAccountDatabase(string path) => path is "etc/passwd" or "etc/group" or "etc/shadow" or "etc/gshadow";

    /// <summary>True when <paramref name="path"/> (relative to the root, no leading '/') is not part of the app.</summary>
    public static bool IsArtifact(string path, FileKind kind)
    {
        if (Paths.Contains(path) || Trees.Any(t => path == t || path.StartsWith(t + "/", StringComparison.Ordinal)))
        {
            return true;
        }

        if (kind != FileKind.Symlink)
        {
            return false;
        }

        // Enablement links: /etc/rcN.d/S01x -> ../init.d/x and /etc/systemd/system/*.wants/x.service.
        var parent = Path.GetDirectoryName(path) ?? string.Empty;
        return parent is "etc/rc0.d" or "etc/rc1.d" or "etc/rc2.d" or "etc/rc3.d" or "etc/rc4.d" or "etc/rc5.d" or "etc/rc6.d" or "etc/rcS.d"
            || (parent.StartsWith("etc/systemd/system/", StringComparison.Ordinal)
                && (parent.EndsWith(".wants", StringComparison.Ordinal) || parent.EndsWith(".requires", StringComparison.Ordinal)));
    }
}
