namespace Hoist.Sequencing.Capture;

/// <summary>The shell helpers that own the capture's namespaces (the CLR must never unshare itself:
/// it is multi-threaded from its first instruction). They ship inside this assembly.</summary>
internal static class HelperScripts
{
    public const string Capture = "capture.sh";
    public const string Probe = "probe.sh";
    private const string SystemMounts = "system-mounts.sh";

    /// <summary>Writes <paramref name="script"/> and the shared mount functions into <paramref name="directory"/>;
    /// returns the script's path. Each file is written aside and renamed into place: the probe's shell
    /// may be reading system-mounts.sh while the capture writes it again, and rewriting it in place
    /// once let the probe read a truncated copy.</summary>
    public static string Write(string directory, string script)
    {
        foreach (var name in new[] { script, SystemMounts })
        {
            using var resource = typeof(HelperScripts).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"resource {name} is missing from {typeof(HelperScripts).Assembly.GetName().Name}");
            var target = Path.Combine(directory, name);
            var aside = $"{target}.{Guid.NewGuid():N}";
            using (var file = File.Create(aside))
            {
                resource.CopyTo(file);
            }

            File.Move(aside, target, overwrite: true);
        }

        return Path.Combine(directory, script);
    }

    /// <summary>The unshare arguments that run a helper as pid 1 of new namespaces, killed (with all it
    /// started) if unshare itself dies.</summary>
    public static IEnumerable<string> UnshareArguments(bool ownNetwork) =>
    [
        "--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--uts", "--ipc",
        .. ownNetwork ? ["--net"] : Array.Empty<string>(),
        "--",
    ];
}
