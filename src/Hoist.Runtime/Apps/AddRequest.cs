namespace Hoist.Runtime.Apps;

/// <summary>What `hoist add` asks for.</summary>
/// <param name="Package">A .hpkg file, or a package of the library (name, name:version, digest).</param>
/// <param name="Host">The host; null for the machine itself ("local").</param>
/// <param name="Name">The app's name; null for the package's name.</param>
/// <param name="Settings">--set values: parameters of the package, and the limits memory, cpus, pids.</param>
public sealed record AddRequest(string Package, string? Host, string? Name, IReadOnlyDictionary<string, string> Settings);
