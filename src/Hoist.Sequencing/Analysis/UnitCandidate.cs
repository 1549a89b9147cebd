namespace Hoist.Sequencing.Analysis;

/// <summary>A unit file chosen to become a service: the one of its name with the highest precedence.</summary>
/// <param name="Name">The unit name without ".service".</param>
/// <param name="Path">The unit file's absolute path.</param>
/// <param name="Unit">The parsed file.</param>
/// <param name="Aliases">Its other names, without ".service", sorted.</param>
internal sealed record UnitCandidate(string Name, string Path, SystemdUnit Unit, IReadOnlyList<string> Aliases)
{
    public string UnitName => Name + ".service";
}
