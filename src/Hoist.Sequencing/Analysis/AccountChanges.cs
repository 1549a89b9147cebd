using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>The users and groups an installer added, as <see cref="AccountsDiff"/> found them.</summary>
public sealed record AccountChanges
{
    /// <summary>Users that are in the new /etc/passwd and not in the old one, in the new file's order.</summary>
    public IReadOnlyList<UserSpec> Users { get; init; } = [];

    /// <summary>New groups (with all their members) and existing groups that gained members
    /// (<see cref="GroupSpec.Existing"/> true, only the added members), together in the new /etc/group's order.</summary>
    public IReadOnlyList<GroupSpec> Groups { get; init; } = [];
}
