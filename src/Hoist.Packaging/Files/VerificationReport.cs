using Hoist.Core.Storage;

namespace Hoist.Packaging.Files;

/// <summary>What <see cref="PackageVerifier"/> checked in a package file that passed.</summary>
/// <param name="Path">The package file.</param>
/// <param name="PackageDigest">The package's identity: the SHA-256 of its manifest.yaml.</param>
/// <param name="Checks">One line per check, with the digests and sizes compared.</param>
public sealed record VerificationReport(string Path, Digest PackageDigest, IReadOnlyList<string> Checks);
