using Hoist.Packaging.Manifests;

namespace Hoist.Runtime.Runc;

/// <summary>What an app's OCI bundle says beyond the common parts: see <see cref="OciConfig"/>.</summary>
/// <param name="Hostname">The app's hostname (its UTS namespace).</param>
/// <param name="Capabilities">The bounding, effective and permitted set of hoist-init.</param>
/// <param name="NoFileLimit">RLIMIT_NOFILE, at most this machine's hard limit.</param>
/// <param name="NetworkNamespace">The path of the host's network namespace; null to use the machine's network.</param>
/// <param name="CgroupsPath">Where runc puts the app's cgroups.</param>
/// <param name="Limits">Memory, CPU and process limits; null fields mean none.</param>
/// <param name="LogDirectory">Mounted read-write at /.hoist/logs.</param>
/// <param name="RunDirectory">Mounted read-write at /.hoist/run.</param>
/// <param name="Masked">Paths hidden in the app (the library, for apps on the machine's own root).</param>
/// <param name="Standby">hoist-init starts the services only once SIGUSR1 comes (a container made ahead of its start).</param>
public sealed record BundleSpec(
    string Hostname,
    IReadOnlyList<string> Capabilities,
    long NoFileLimit,
    string? NetworkNamespace,
    string CgroupsPath,
    ResourceLimits Limits,
    string LogDirectory,
    string RunDirectory,
    IReadOnlyList<string> Masked,
    bool Standby);
