namespace Hoist.Sequencing.Capture;

/// <summary>The directories of one sequencing run, all inside its work directory (so on the
/// library's filesystem, where overlayfs can keep its upper and work directories).</summary>
internal sealed record CaptureLayout(string Root)
{
    /// <summary>The installer's changes over the image: the delta.</summary>
    public string Upper => Path.Combine(Root, "upper");

    public string OverlayWork => Path.Combine(Root, "overlay-work");

    /// <summary>The mount point of the capture root (visible only inside the helper's namespace).</summary>
    public string Merged => Path.Combine(Root, "merged");

    /// <summary>Scripts, the installer and small files exchanged with the helpers.</summary>
    public string Session => Path.Combine(Root, "session");

    /// <summary>Where what the services write during the port probe lands, then is thrown away.</summary>
    public string ProbeUpper => Path.Combine(Root, "probe-upper");

    public string ProbeWork => Path.Combine(Root, "probe-work");

    /// <summary>The compressed layer, written while the services are probed.</summary>
    public string Layer => Path.Combine(Root, "layer.tar.zst");

    /// <summary>The finished package file, before it moves into the library.</summary>
    public string Package => Path.Combine(Root, "package.hpkg");

    /// <summary>The variables through which capture.sh and probe.sh learn the directories.</summary>
    public IReadOnlyDictionary<string, string?> HelperEnvironment(string imageRoot) => new Dictionary<string, string?>
    {
        ["HOIST_LOWER"] = imageRoot,
        ["HOIST_UPPER"] = Upper,
        ["HOIST_WORKDIR"] = OverlayWork,
        ["HOIST_PROBE_UPPER"] = ProbeUpper,
        ["HOIST_PROBE_WORK"] = ProbeWork,
        ["HOIST_MERGED"] = Merged,
        ["HOIST_SESSION"] = Session,
    };

    public void Create()
    {
        foreach (var directory in new[] { Upper, OverlayWork, Merged, Session, ProbeUpper, ProbeWork })
        {
            Directory.CreateDirectory(directory);
        }
    }
}
