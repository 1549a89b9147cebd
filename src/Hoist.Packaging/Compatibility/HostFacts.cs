namespace Hoist.Packaging.Compatibility;

/// <summary>What an OS image (or the host running it) offers the packages placed on it; what
/// <see cref="CompatibilityChecker"/> holds a package's requirements against.</summary>
/// <param name="Name">The image's or host's name, as messages show it ("bookworm").</param>
/// <param name="Architecture">The Debian architecture of its programs (amd64, arm64, ...).</param>
/// <param name="Glibc">The newest glibc version its libc.so.6 defines ("2.36"); null when unknown.</param>
/// <param name="Libraries">The file names of the shared libraries in its library directories
/// ("libc.so.6", "libssl.so.3"), sorted ordinally, each once.</param>
public sealed record HostFacts(string Name, string Architecture, string? Glibc, IReadOnlyList<string> Libraries);
