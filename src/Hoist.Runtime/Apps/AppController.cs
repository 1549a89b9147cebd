using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Linux;
using Hoist.Packaging.Compatibility;
using Hoist.Packaging.Files;
using Hoist.Packaging.Manifests;

namespace Hoist.Runtime.Apps;

/// <summary>Adds and removes apps. Starting and stopping are <see cref="AppStarter"/> and <see cref="AppStopper"/>.</summary>
public sealed class AppController
{
    private readonly AppRuntime _runtime;

    public AppController(AppRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// Creates an app (stopped): checks that the package can run on the host, that every --set names a
    /// parameter or limit and that the package's files take the values, copies content parameters into
    /// the app's state. Throws <see cref="ErrorKind.AlreadyExists"/>, <see cref="ErrorKind.NotFound"/>,
    /// <see cref="ErrorKind.InvalidArgument"/>, and <see cref="ErrorKind.FailedPrecondition"/> with the
    /// compatibility exit code (16 to 23) when the host cannot run the package. Nothing is left on failure.
    /// </summary>
    public async Task<AppRecord> AddAsync(AddRequest request, CancellationToken cancellationToken)
    {
        var packages = _runtime.Library.Packages;
        var path = packages.Locate(request.Package);
        var record = path.StartsWith(packages.Home.Packages, StringComparison.Ordinal) ? null : packages.Add(path, move: false);
        using var package = PackageFile.Open(record?.Path ?? path);
        var manifest = package.Manifest;
        var name = Names.Validate(request.Name ?? manifest.Name, "app name");
        if (_runtime.Apps.Find(name) is not null)
        {
            throw HoistException.AlreadyExists($"app '{name}' exists", "choose another name with --name, or remove it with 'hoist rm'");
        }

        var host = _runtime.Hosts.Resolve(request.Host ?? "local");
        CheckCompatible(manifest, host);
        var limits = request.Settings.Where(s => ResourceLimits.Names.Contains(s.Key)).ToDictionary(StringComparer.Ordinal);
        var parameters = request.Settings.Where(s => !ResourceLimits.Names.Contains(s.Key)).ToDictionary(StringComparer.Ordinal);
        try
        {
            (manifest.Resources ?? new ResourceLimits()).With(limits);
        }
        catch (FormatException e)
        {
            throw HoistException.InvalidArgument(e.Message);
        }

        var values = ParameterValues.Resolve(manifest, parameters);
        var layer = await _runtime.Layers.EnsureAsync(package.Path, cancellationToken).ConfigureAwait(false);
        foreach (var file in values.LineTargetFiles)
        {
            values.Apply(file, await File.ReadAllTextAsync(RootPath.Resolve(layer, file), cancellationToken).ConfigureAwait(false));
        }

        foreach (var (parameter, _, source) in values.Contents.Where(c => !File.Exists(c.Source) && !Directory.Exists(c.Source)))
        {
            throw HoistException.NotFound($"the value of '{parameter}' should be a file or directory of this machine: '{source}' does not exist");
        }

        var layout = _runtime.Layout(name);
        layout.Create();
        try
        {
            foreach (var (_, target, source) in values.Contents)
            {
                await CopyContentAsync(Path.GetFullPath(source), layout.StateUpper, target, cancellationToken).ConfigureAwait(false);
            }

            var app = new AppRecord
            {
                Name = name,
                Host = host.Name,
                Package = package.Digest,
                Parameters = parameters,
                Resources = limits,
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

    /// <summary>Removes a stopped app and its state. Throws <see cref="ErrorKind.FailedPrecondition"/>
    /// while it runs.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        var app = _runtime.Apps.Get(name);
        var layout = _runtime.Layout(app.Name);
        using var appLock = AppLock.TryTake(layout, "removed");
        var state = await _runtime.ContainerStateAsync(layout, cancellationToken).ConfigureAwait(false);
        if (state?.IsRunning == true)
        {
            throw HoistException.FailedPrecondition($"app '{name}' is running", "stop it first with 'hoist stop'");
        }

        await _runtime.Runc.DeleteAsync(layout.ContainerId, force: true, cancellationToken).ConfigureAwait(false);
        _runtime.Apps.Remove(app.Name);
        FileTree.Delete(layout.Root);
    }

    /// <summary>Throws, with the reasons and the exit code of `hoist package check`, when the host
    /// cannot run the package.</summary>
    public static void CheckCompatible(PackageManifest manifest, HostContext host)
    {
        var report = CompatibilityChecker.Check(manifest.Requires, host.Facts);
        if (!report.IsCompatible)
        {
            throw new HoistException(
                ErrorKind.FailedPrecondition,
                $"package {manifest.Name} cannot run on host {host.Name} ({host.OsDescription}): {string.Join("; ", report.Problems.Select(p => p.Message))}",
                "choose another host, or put a compatible OS image under this one with 'hoist host upgrade'")
            {
                ExitCode = report.ExitCode,
            };
        }
    }

    // A content parameter's file or directory goes into the state layer; a directory hides the
    // package's (an opaque directory, in overlayfs's terms).
    private static async Task CopyContentAsync(string source, string upper, string target, CancellationToken cancellationToken)
    {
        var destination = Path.Combine(upper, target.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (Directory.Exists(source))
        {
            Directory.CreateDirectory(destination);
            await ProcessRunner.RunCheckedAsync(new ProcessSpec("cp", "-a", "--no-preserve=ownership", source + "/.", destination), $"copying {source}", cancellationToken).ConfigureAwait(false);
            LinuxFiles.SetXattr(destination, "trusted.overlay.opaque", "y"u8);
        }
        else
        {
            await ProcessRunner.RunCheckedAsync(new ProcessSpec("cp", "--no-preserve=ownership", source, destination), $"copying {source}", cancellationToken).ConfigureAwait(false);
        }
    }
}
