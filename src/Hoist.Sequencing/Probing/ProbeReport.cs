using Hoist.Packaging.Manifests;

namespace Hoist.Sequencing.Probing;

/// <summary>The ports each service listened on when started once, and what was noticed.</summary>
internal sealed record ProbeReport(IReadOnlyDictionary<string, IReadOnlyList<PortSpec>> Ports, IReadOnlyList<string> Notes);
