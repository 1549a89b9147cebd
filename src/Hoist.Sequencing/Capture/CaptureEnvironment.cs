using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;

namespace Hoist.Sequencing.Capture;

/// <summary>
/// Runs an installer as root over an OS image without ever writing the image: overlayfs puts an
/// empty upper directory over the image root, in a fresh mount and pid namespace owned by a shell
/// helper, with /proc, /sys, /dev, /tmp and /run mounted and the machine's DNS. What the installer
/// changes lands in the upper directory. When the helper exits (or is killed, or this process is
/// cancelled) its namespaces, mounts and processes go with it.
/// </summary>
internal static class CaptureEnvironment
{
    /// <summary>Runs the installer; its output goes to <paramref name="progress"/> line by line. Returns
    /// the installer's exit code. Throws <see cref="ErrorKind.Unavailable"/> when the environment cannot
    /// be set up or the installer outlives its timeout, and cancellation when cancelled.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Tail)> RunInstallerAsync(
        CaptureLayout layout, string imageRoot, InstallerSpec installer, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var unshare = Tools.Require("unshare", "util-linux");
        var script = HelperScripts.Write(layout.Session, HelperScripts.Capture);
        await File.WriteAllTextAsync(
            Path.Combine(layout.Session, "resolv.conf"),
            File.Exists("/etc/resolv.conf") ? await File.ReadAllTextAsync("/etc/resolv.conf", cancellationToken).ConfigureAwait(false) : string.Empty,
            cancellationToken).ConfigureAwait(false);
        var installerFile = Path.Combine(layout.Session, "installer");
        if (installer.ScriptPath is { } scriptPath)
        {
            File.Copy(scriptPath, installerFile);
        }
        else
        {
            await File.WriteAllTextAsync(installerFile, "#!/bin/sh\n" + installer.Command + "\n", cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllLinesAsync(
            Path.Combine(layout.Session, "adds"),
            installer.Additions.Select(a => $"{a.Source}\t{a.Destination}"),
            cancellationToken).ConfigureAwait(false);

        var spec = new ProcessSpec(unshare, [.. HelperScripts.UnshareArguments(ownNetwork: false), "/bin/sh", script])
        {
            DisplayName = "the installer",
            Environment = layout.HelperEnvironment(imageRoot),
            Timeout = installer.Timeout,
            TailLines = 25,
            CaptureStdout = false,
            OnStdout = progress.Output,
            OnStderr = progress.Output,
        };
        var result = await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        var exitFile = Path.Combine(layout.Session, "exit-code");
        if (!File.Exists(exitFile))
        {
            throw new HoistException(
                ErrorKind.Unavailable,
                $"the capture environment could not be set up (its helper exited with code {result.ExitCode})",
                "hoist sequence needs root, overlayfs and util-linux's unshare; see the README's troubleshooting section")
            {
                Details = result.Tail,
            };
        }

        var code = int.Parse((await File.ReadAllTextAsync(exitFile, cancellationToken).ConfigureAwait(false)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (code, result.Tail);
    }
}
