namespace Hoist.Init.Exec;

/// <summary>The Linux capability names (linux/capability.h) and their numbers.</summary>
internal static class CapabilityNames
{
    private static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The highest capability number this table knows (CAP_CHECKPOINT_RESTORE, Linux 5.9).</summary>
    public static int Last => Names.Length - 1;

    /// <summary>The number of a capability named as in linux/capability.h; the match ignores case and the
    /// "CAP_" prefix may be left out ("net_bind_service"). False for a name the table does not know.</summary>
    public static bool TryParse(string name, out int number)
    {
        var full = name.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? name : "CAP_" + name;
        number = Array.FindIndex(Names, n => string.Equals(n, full, StringComparison.OrdinalIgnoreCase));
        return number >= 0;
    }

    /// <summary>The name of capability <paramref name="number"/>, or "capability N" for one the table does not know.</summary>
    public static string NameOf(int number) =>
        number >= 0 && number < Names.Length ? Names[number] : $"capability {number}";
}
