namespace Hoist.Runtime.Apps;

/// <summary>Finds the hosts apps run on.</summary>
public interface IHostResolver
{
    /// <summary>The host named <paramref name="name"/>; throws NotFound when there is none.</summary>
    HostContext Resolve(string name);
}
