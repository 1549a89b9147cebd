using Hoist.Core.Storage;

namespace Hoist.Library.Packages;

/// <summary>A package in the library.</summary>
/// <param name="Digest">The package's digest (of its manifest), which names it.</param>
/// <param name="Name">The manifest's name.</param>
/// <param name="Version">The manifest's version.</param>
/// <param name="Size">The package file's size in bytes.</param>
/// <param name="Created">When it was added to the library.</param>
/// <param name="Path">The package file: packages/sha256/HEX.hpkg under the library.</param>
public sealed record PackageRecord(Digest Digest, string Name, string Version, long Size, DateTimeOffset Created, string Path);
