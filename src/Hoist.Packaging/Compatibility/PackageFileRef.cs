namespace Hoist.Packaging.Compatibility;

/// <summary>A file of a package, for <see cref="RequirementScanner"/>.</summary>
/// <param name="PathInPackage">Its absolute path in the package (/usr/bin/redis-server).</param>
/// <param name="DiskPath">Where a regular file's bytes can be read; null for anything else.</param>
/// <param name="IsSymlink">It is a symlink: its name is carried by the package all the same.</param>
/// <param name="LinkTarget">A symlink's target, to follow it inside the package.</param>
public sealed record PackageFileRef(string PathInPackage, string? DiskPath, bool IsSymlink = false, string? LinkTarget = null);
