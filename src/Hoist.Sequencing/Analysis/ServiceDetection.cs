using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Analysis;

/// <summary>The services <see cref="ServiceDetector"/> found, and what it noticed on the way.</summary>
public sealed record ServiceDetection
{
    /// <summary>The services, each after the services of the package it depends on (its
    /// <see cref="ServiceSpec.After"/>), otherwise by name.</summary>
    public IReadOnlyList<ServiceSpec> Services { get; init; } = [];

    /// <summary>One line per thing a person should know: what was skipped, ignored, kept as written or
    /// changed, and why ("skipped template unit kvstore@.service").</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
