using Hoist.Packaging.Manifests;
using Hoist.Supervision;

namespace Hoist.Runtime.Apps;

/// <summary>What <see cref="ConfigLayer"/> needs to write an app's config layer.</summary>
/// <param name="PackageLayer">The package's unpacked layer.</param>
/// <param name="HostRoot">The host's OS root ("/" for the machine itself).</param>
/// <param name="HostAddress">The host's own address, when it has its own network.</param>
/// <param name="InitBinary">The hoist-init program copied into the layer.</param>
/// <param name="Passwd">The app's /etc/passwd (<see cref="AppAccounts"/>).</param>
/// <param name="Group">The app's /etc/group.</param>
public sealed record ConfigLayerInputs(
    AppLayout Layout,
    PackageManifest Manifest,
    ParameterValues Values,
    string PackageLayer,
    string HostRoot,
    string HostName,
    string? HostAddress,
    string InitBinary,
    InitSpec Spec,
    string Passwd,
    string Group);
