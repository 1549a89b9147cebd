namespace Hoist.Packaging.Compatibility;

/// <summary>One entry of a package's file tree, as <see cref="RequirementScanner"/> sees it.</summary>
/// <param name="PathInPackage">The absolute path the entry has when the package runs ("/usr/bin/redis-server").</param>
/// <param name="DiskPath">Where to read the bytes of a regular file; null for a directory, a
/// symlink or any other kind of entry.</param>
/// <param name="IsSymlink">True for a symlink entry. A package's library symlinks
/// (libfoo.so.1 -> libfoo.so.1.2.3) are how its programs find the libraries it carries, so a
/// caller that leaves this false for them makes those libraries look required of the host.</param>
public sealed record PackageFileRef(string PathInPackage, string? DiskPath, bool IsSymlink = false);
