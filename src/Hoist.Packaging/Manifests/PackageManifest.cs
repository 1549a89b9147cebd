namespace Hoist.Packaging.Manifests;

/// <summary>
/// What a package holds and needs, written as manifest.yaml inside the package. The sequencer
/// writes it; a user may edit it (hoist package edit), which makes a new package with a new digest.
/// </summary>
public sealed record PackageManifest
{
    /// <summary>The manifest format; this code reads and writes 1.</summary>
    public int Format { get; init; } = 1;

    /// <summary>The package name, as validated by Hoist.Core.Text.Names.</summary>
    public string Name { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public string? Description { get; init; }

    /// <summary>How the package was made: the image, the installer, when.</summary>
    public SequencingInfo? Sequencing { get; init; }

    /// <summary>What a host must offer for the package to run there.</summary>
    public Requirements Requires { get; init; } = new();

    /// <summary>The services the package runs, in dependency order (each after those it needs).</summary>
    public IReadOnlyList<ServiceSpec> Services { get; init; } = [];

    /// <summary>The users the installer created; an app sees them in its /etc/passwd.</summary>
    public IReadOnlyList<UserSpec> Users { get; init; } = [];

    /// <summary>The groups the installer created, or existing groups it added members to.</summary>
    public IReadOnlyList<GroupSpec> Groups { get; init; } = [];

    /// <summary>Absolute paths where the app keeps its data (under /var/lib, /var/log, /srv, ...).</summary>
    public IReadOnlyList<string> StatePaths { get; init; } = [];

    /// <summary>Absolute paths of the configuration files the package carries (under /etc).</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    /// <summary>Values set when the package is deployed (hoist add --set NAME=VALUE).</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; init; } = [];

    /// <summary>The cgroup limits an app of this package runs with, unless `hoist add --set` overrides them.</summary>
    public ResourceLimits? Resources { get; init; }

    /// <summary>How many apps of this package a fabric may run at once (`hoist scale`): null or 1 for an
    /// app that must run once (it keeps state that two copies would fight over), more for one that
    /// can run side by side with itself (a stateless web server).</summary>
    public int? MaxInstances { get; init; }

    /// <summary>The Debian packages the installer brought in.</summary>
    public IReadOnlyList<BomEntry> BillOfMaterials { get; init; } = [];

    /// <summary>The package's file layer: filled in when the package file is written.</summary>
    public LayerInfo? Layer { get; init; }
}
