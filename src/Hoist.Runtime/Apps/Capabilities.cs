namespace Hoist.Runtime.Apps;

/// <summary>The capability sets an app's container is given.</summary>
public static class Capabilities
{
    /// <summary>What hoist-init itself needs: to create runtime directories for the services' users, to
    /// take their identities, to narrow their bounding sets, and to signal them.</summary>
    public static readonly IReadOnlyList<string> Supervisor =
        ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_KILL"];

    /// <summary>What a service running as root gets when its unit does not say (the set container
    /// engines give by default).</summary>
    public static readonly IReadOnlyList<string> RootDefault =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>The container's bounding set: the supervisor's, and for each service what it declares, or,
    /// when it declares nothing, the root default for a root service (a service of another user gets no
    /// capabilities once it takes that user's identity).</summary>
    public static IReadOnlyList<string> ForContainer(IEnumerable<(bool Root, IReadOnlyList<string>? Declared)> services) =>
        [.. Supervisor
            .Concat(services.SelectMany(s => s.Declared ?? (s.Root ? RootDefault : [])))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
