using Hoist.Library.Packages;
using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing;

/// <summary>The package a sequencing run made, and what it noticed on the way.</summary>
public sealed record SequenceResult(PackageRecord Package, PackageManifest Manifest, string? OutputPath, IReadOnlyList<string> Notes, TimeSpan Elapsed);
