using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Packaging.Files;
using Hoist.Runtime.Apps;

namespace Hoist.Runtime.State;

/// <summary>Recreates an app from a state archive, with its data, on any host that can run its package.</summary>
public sealed class AppRestore
{
    private readonly AppRuntime _runtime;

    public AppRestore(AppRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// Verifies the whole archive, then creates the app (stopped) on <paramref name="hostName"/> with the
    /// archive's state, package and values. Refuses a damaged archive (<see cref="ErrorKind.InvalidArgument"/>,
    /// naming the part), an existing name, a package missing from the library, an incompatible host; in
    /// every case nothing is created.
    /// </summary>
    public async Task<AppRecord> RestoreAsync(string archive, string hostName, string? name, IProgressReporter progress, CancellationToken cancellationToken)
    {
        StateMetadata metadata;
        using (var opened = StateArchive.Open(Path.GetFullPath(archive)))
        {
            metadata = opened.Metadata;
        }

        var appName = Names.Validate(name ?? metadata.App, "app name");
        if (_runtime.Apps.Find(appName) is not null)
        {
            throw HoistException.AlreadyExists($"app '{appName}' exists", "restore under another name with --name");
        }

        var record = _runtime.Library.Packages.Find(metadata.Package)
            ?? throw HoistException.NotFound($"the archive needs package {metadata.PackageName} {metadata.PackageVersion} ({metadata.Package}), which is not in the library", "add the package file with 'hoist package' commands first");
        var host = _runtime.Hosts.Resolve(hostName);
        using (var package = PackageFile.Open(record.Path))
        {
            AppController.CheckCompatible(package.Manifest, host);
        }

        var layout = _runtime.Layout(appName);
        if (Directory.Exists(layout.Root))
        {
            throw HoistException.AlreadyExists($"the directory of app '{appName}' exists ({layout.Root}) though no app has that name", "remove it, or restore under another name");
        }

        try
        {
            progress.Phase($"restoring the state of {metadata.App} (from {metadata.SourceHost}, {metadata.SourceOs}) as {appName} on {host.Name}");
            Directory.CreateDirectory(Path.GetDirectoryName(layout.StateUpper)!);
            await StateArchiveExtractor.ExtractAsync(Path.GetFullPath(archive), layout.StateUpper, progress, cancellationToken).ConfigureAwait(false);
            layout.Create();
            var app = new AppRecord
            {
                Name = appName,
                Host = host.Name,
                Package = record.Digest,
                Parameters = metadata.Parameters,
                Resources = metadata.Resources,
                Created = DateTimeOffset.UtcNow,
            };
            _runtime.Apps.Add(app);
            return app;
        }
        catch
        {
            FileTree.Delete(layout.Root);
            throw;
        }
    }
}
