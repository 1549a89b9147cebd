namespace Hoist.Controller.Apps;

/// <summary>A package as an app records it: its digest, name and version.</summary>
internal readonly record struct PackageRef(string Digest, string Name, string Version);
