using Hoist.Linux.Proc;
using Hoist.Packaging.Compatibility;

namespace Hoist.Runtime.Apps;

/// <summary>What the runtime needs to know of the host an app runs on.</summary>
/// <param name="Name">The host's name ("local" for this machine).</param>
/// <param name="Image">The OS image it runs ("/" for this machine's own root).</param>
/// <param name="RootPath">Its OS root: the apps' lowest layer.</param>
/// <param name="NetworkNamespace">The path of its network namespace, or null for the machine's network.</param>
/// <param name="Address">Its own address, or null.</param>
/// <param name="ReadFacts">What packages may count on there (architecture, glibc, libraries), read on
/// first use of <see cref="Facts"/>: for this machine, that reads its loader's configuration, which a
/// start of a container made ahead of time does not need.</param>
/// <param name="OsDescription">Its OS's PRETTY_NAME.</param>
/// <param name="State">"ready", or what it is doing ("upgrading").</param>
/// <param name="ListeningAsync">Reads the sockets listening in its network namespace now.</param>
public sealed record HostContext(
    string Name,
    string Image,
    string RootPath,
    string? NetworkNamespace,
    string? Address,
    Lazy<HostFacts> ReadFacts,
    string OsDescription,
    string State,
    Func<CancellationToken, Task<IReadOnlySet<ListeningSocket>>> ListeningAsync)
{
    /// <summary>What packages may count on there (architecture, glibc, libraries).</summary>
    public HostFacts Facts => ReadFacts.Value;

    /// <summary>True for the machine itself, whose root holds the library (which apps must not see).</summary>
    public bool IsMachine => RootPath == "/";
}
