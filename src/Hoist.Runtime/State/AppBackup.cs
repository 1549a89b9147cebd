using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Runtime.Apps;

namespace Hoist.Runtime.State;

/// <summary>
/// Backs up an app's state: its state layer, with the package digest and the values it was given. The
/// copy is consistent: by default the app is stopped for it (its services shut down cleanly, as they
/// would for an OS upgrade), and started again; with freeze, its processes are frozen instead (shorter,
/// but crash-consistent only: data an app holds in memory is not in the copy).
/// </summary>
public sealed class AppBackup
{
    private readonly AppRuntime _runtime;

    public AppBackup(AppRuntime runtime) => _runtime = runtime;

    /// <summary>Writes the archive to <paramref name="destination"/>. The destination is checked before
    /// the app is touched; on any failure (no space, not writable, cancelled) no partial file is left, and
    /// the app runs again if it ran.</summary>
    public async Task<StateArchiveInfo> BackupAsync(string name, string destination, StateCaptureMode mode, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var app = _runtime.Apps.Get(name);
        var layout = _runtime.Layout(app.Name);
        var target = Path.GetFullPath(destination);
        CheckDestination(target);
        using var appLock = AppLock.TryTake(layout, "backed up");
        var record = _runtime.Library.Packages.Get(app.Package.ToString());
        var host = _runtime.Hosts.Resolve(app.Host);
        var container = await _runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false);
        var running = container?.Status == "running";
        var metadata = new StateMetadata
        {
            App = app.Name,
            Package = app.Package.ToString(),
            PackageName = record.Name,
            PackageVersion = record.Version,
            Parameters = app.Parameters,
            Resources = app.Resources,
            SourceHost = host.Name,
            SourceOs = host.OsDescription,
            Created = DateTimeOffset.UtcNow,
            HoistVersion = typeof(AppBackup).Assembly.GetName().Version?.ToString(3) ?? "0",
            Mode = running ? mode : StateCaptureMode.Stopped,
        };

        if (running && mode == StateCaptureMode.Stopped)
        {
            progress.Phase($"stopping {app.Name} for a consistent copy");
            await new AppStopper(_runtime).StopLockedAsync(app, TimeSpan.FromMinutes(2), progress, cancellationToken).ConfigureAwait(false);
        }
        else if (running)
        {
            await _runtime.Runc.PauseAsync(layout.ContainerId, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            progress.Phase($"copying the state of {app.Name} to {target}");
            return await StateArchiveWriter.WriteAsync(layout.StateUpper, metadata, target, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (running && mode == StateCaptureMode.Stopped)
            {
                progress.Phase($"starting {app.Name} again");
                await new AppStarter(_runtime).StartLockedAsync(app, new StartOptions(), progress, CancellationToken.None).ConfigureAwait(false);
            }
            else if (running)
            {
                await _runtime.Runc.ResumeAsync(layout.ContainerId, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static void CheckDestination(string target)
    {
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw HoistException.NotFound($"cannot write the backup to {target}: directory {directory} does not exist");
        }

        if (Directory.Exists(target))
        {
            throw HoistException.InvalidArgument($"{target} is a directory", "give the path of the archive file to write");
        }

        if (Hoist.Linux.Access.IsReadOnly(directory))
        {
            throw HoistException.FailedPrecondition($"cannot write the backup to {target}: {directory} is on a read-only filesystem", "choose another path with -o");
        }
    }
}
