namespace Hoist.Sequencing.Analysis;

/// <summary>One paragraph of /var/lib/dpkg/status.</summary>
/// <param name="Name">The Package field.</param>
/// <param name="Version">The Version field; empty when the paragraph has none (a purged package).</param>
/// <param name="Architecture">The Architecture field (amd64, all, ...); empty when missing.</param>
/// <param name="Status">The Status field: want, error flag and state ("install ok installed").</param>
public sealed record DpkgPackage(string Name, string Version, string Architecture, string Status)
{
    /// <summary>True when dpkg has the package fully installed: the state is "installed", with no error
    /// flag, and the selection is install or hold.</summary>
    public bool IsInstalled =>
        Status.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var want, "ok", "installed"] && want is "install" or "hold";
}
