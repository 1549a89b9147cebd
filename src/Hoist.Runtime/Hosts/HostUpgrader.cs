using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Library.Index;
using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Files;
using Hoist.Runtime.Apps;

namespace Hoist.Runtime.Hosts;

/// <summary>
/// Servicing: puts a new OS image under a lab host while its apps keep their state. The apps are
/// stopped (their state layers stay), the host's root is swapped, each app is checked against the new
/// OS (an incompatible one stays stopped, with the reason), and those that ran start again.
/// </summary>
public sealed class HostUpgrader
{
    private readonly AppRuntime _runtime;
    private readonly HostStore _hosts;

    public HostUpgrader(AppRuntime runtime)
    {
        _runtime = runtime;
        _hosts = new HostStore(new LibraryIndex(runtime.Library.Home));
    }

    /// <summary>Upgrades the host and returns what happened to each app. Throws <see cref="ErrorKind.NotFound"/>
    /// (host, image), <see cref="ErrorKind.InvalidArgument"/> (the machine itself, whose OS Hoist does not
    /// replace), <see cref="ErrorKind.FailedPrecondition"/> (already on that image).</summary>
    public async Task<IReadOnlyList<UpgradeOutcome>> UpgradeAsync(string hostName, string imageName, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var host = _hosts.Get(hostName);
        if (host.IsLocal)
        {
            throw HoistException.InvalidArgument("the host 'local' is this machine: Hoist does not replace its OS", "upgrade a lab host, or move the apps with 'hoist state backup' and 'restore'");
        }

        var image = _runtime.Library.Images.Get(imageName);
        if (host.Image == image.Name)
        {
            throw HoistException.FailedPrecondition($"host {host.Name} already runs image {image.Name}");
        }

        using var hostLock = await FileLock.AcquireAsync(_hosts.LockOf(host.Name), () => progress.Status($"waiting for host {host.Name}"), cancellationToken).ConfigureAwait(false);
        var apps = _runtime.Apps.List(host.Name);
        _hosts.Update(host.Name, host.Image, HostRecord.UpgradingState);
        var running = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var app in apps)
            {
                progress.Phase($"stopping {app.Name} (its state stays)");
                if (await new AppStopper(_runtime).StopAsync(app.Name, TimeSpan.FromMinutes(2), progress, cancellationToken).ConfigureAwait(false) || app.Desired == "running")
                {
                    running.Add(app.Name);
                }
            }

            progress.Phase($"putting {image.Description} under host {host.Name}");
            _hosts.Update(host.Name, image.Name, HostRecord.ReadyState);
        }
        catch
        {
            _hosts.Update(host.Name, host.Image, HostRecord.ReadyState);
            throw;
        }

        var outcomes = new List<UpgradeOutcome>();
        foreach (var app in apps)
        {
            outcomes.Add(await RestartAsync(app, running.Contains(app.Name), image.ToHostFacts(), progress, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private async Task<UpgradeOutcome> RestartAsync(AppRecord app, bool wasRunning, HostFacts facts, IProgressReporter progress, CancellationToken cancellationToken)
    {
        using var package = PackageFile.Open(_runtime.Library.Packages.Get(app.Package.ToString()).Path);
        var report = CompatibilityChecker.Check(package.Manifest.Requires, facts);
        if (!report.IsCompatible)
        {
            _runtime.Apps.SetDesired(app.Name, "stopped");
            return new UpgradeOutcome(app.Name, wasRunning, "stopped", "incompatible with the new OS: " + string.Join("; ", report.Problems.Select(p => p.Message)));
        }

        if (!wasRunning)
        {
            return new UpgradeOutcome(app.Name, false, "stopped", null);
        }

        try
        {
            var status = await new AppStarter(_runtime).StartAsync(app.Name, new StartOptions(), progress, cancellationToken).ConfigureAwait(false);
            return new UpgradeOutcome(app.Name, true, status.State, null);
        }
        catch (HoistException e)
        {
            return new UpgradeOutcome(app.Name, true, "failed", e.Message);
        }
    }
}
