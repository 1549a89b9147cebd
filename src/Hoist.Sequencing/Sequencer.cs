using System.Diagnostics;
using System.Globalization;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Library;
using Hoist.Packaging.Files;
using Hoist.Packaging.Layers;
using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;
using Hoist.Sequencing.Capture;
using Hoist.Sequencing.Delta;
using Hoist.Sequencing.Probing;

namespace Hoist.Sequencing;

/// <summary>
/// Server App-V's sequencer, for Linux: runs an installer over an OS image in a capture
/// environment, records what it changed, reads the app's services, users, state, config, ports
/// and requirements off the change, and writes one package into the library.
/// </summary>
public sealed class Sequencer
{
    private readonly LocalLibrary _library;

    public Sequencer(LocalLibrary library) => _library = library;

    /// <summary>
    /// Sequences the request into a package and adds it to the library. The image is never written.
    /// Throws <see cref="ErrorKind.InvalidArgument"/> (bad name, version, paths), <see cref="ErrorKind.NotFound"/>
    /// (image, script), <see cref="ErrorKind.FailedPrecondition"/> (not root; the installer failed, with
    /// its last lines), <see cref="ErrorKind.Unavailable"/> (a tool is missing). On failure or
    /// cancellation nothing is mounted, running or left in the work directory, and the library is unchanged.
    /// </summary>
    public async Task<SequenceResult> SequenceAsync(SequenceRequest request, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Validate(request);
        var image = _library.Images.Get(request.Image);
        using var imageLock = await FileLock.AcquireAsync(_library.Images.LockOf(image.Name), shared: true, null, cancellationToken).ConfigureAwait(false);
        WorkDirectory.SweepStale(_library.Home);
        using var work = WorkDirectory.Create(_library.Home, "sequence-" + request.Name);
        var layout = new CaptureLayout(work.Path);
        layout.Create();

        progress.Phase($"running the installer on image {image.Name} ({image.Description})");
        var (exitCode, tail) = await CaptureEnvironment.RunInstallerAsync(layout, image.RootPath, request.Installer, progress, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new HoistException(
                ErrorKind.FailedPrecondition,
                $"the installer exited with code {exitCode}",
                "nothing was added to the library; fix the installer and sequence again")
            {
                Details = tail,
            };
        }

        progress.Phase("reading what the installer changed");
        var delta = DeltaScanner.Scan(layout.Upper, image.RootPath);
        if (!delta.Items.Any(i => i.Kind != LayerEntryKind.Directory))
        {
            throw HoistException.FailedPrecondition("the installer changed nothing that belongs to an app", "check the installer command: did it install anything?");
        }

        var view = new MergedView(layout.Upper, image.RootPath);
        var analysis = CaptureAnalyzer.Analyze(delta, view);
        var entries = delta.Items.Select(ToLayerEntry).ToList();
        var layerTask = Task.Run(() => WriteLayerAsync(entries, layout.Layer, progress, cancellationToken), cancellationToken);
        var probe = await new PortProber(layout, image.RootPath, request.ProbeTimeout)
            .ProbeAsync(analysis.Services, view.ReadText, progress, cancellationToken).ConfigureAwait(false);
        var layer = await layerTask.ConfigureAwait(false);

        var services = analysis.Services.Select(s => s with { Ports = probe.Ports.GetValueOrDefault(s.Name) ?? [] }).ToList();
        var manifest = new PackageManifest
        {
            Name = request.Name,
            Version = request.Version ?? DefaultVersion(request.Name, analysis.BillOfMaterials),
            Description = services.FirstOrDefault(s => s.Description is not null)?.Description,
            Sequencing = new SequencingInfo
            {
                Image = image.Name,
                Os = image.Os.PrettyName,
                ImageDigest = image.Digest.ToString(),
                Installer = request.Installer.Description,
                At = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                HoistVersion = typeof(Sequencer).Assembly.GetName().Version?.ToString(3),
            },
            Requires = analysis.Requirements,
            Services = services,
            Users = analysis.Users,
            Groups = analysis.Groups,
            StatePaths = analysis.StatePaths,
            ConfigFiles = [.. analysis.ConfigFiles.Select(f => f.Path)],
            Parameters = ParameterProposer.Propose(services, analysis.ConfigFiles),
            BillOfMaterials = analysis.BillOfMaterials,
            Layer = layer,
        };

        progress.Phase("writing the package");
        await using (var output = File.Create(layout.Package))
        {
            await PackageFileWriter.WriteAsync(manifest, layout.Layer, output, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var outputPath = request.OutputPath is null ? null : CopyOut(layout.Package, request.OutputPath);
        var record = _library.Packages.Add(layout.Package, move: true);
        return new SequenceResult(record, manifest, outputPath, [.. analysis.Notes, .. probe.Notes], clock.Elapsed);
    }

    private static void Validate(SequenceRequest request)
    {
        Names.Validate(request.Name, "package name");
        if (request.Version is not null)
        {
            Names.ValidateVersion(request.Version);
        }

        var installer = request.Installer;
        if ((installer.Command is null) == (installer.ScriptPath is null))
        {
            throw HoistException.InvalidArgument("give the installer with exactly one of --run and --script");
        }

        if (installer.Command is { Length: 0 } || installer.Command?.Trim().Length == 0)
        {
            throw HoistException.InvalidArgument("--run is empty", "give the installer's command line, for example --run 'apt-get install -y redis-server'");
        }

        if (installer.ScriptPath is { } script && !File.Exists(script))
        {
            throw HoistException.NotFound($"installer script '{script}' does not exist");
        }

        if (request.OutputPath is { } output && Path.GetDirectoryName(Path.GetFullPath(output)) is { } directory && !Directory.Exists(directory))
        {
            throw HoistException.NotFound($"cannot write the package to '{output}': directory {directory} does not exist");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw HoistException.FailedPrecondition("hoist sequence must run as root: it mounts overlayfs and creates namespaces", "run it as root (sudo)");
        }

        Tools.Require("unshare", "util-linux");
        Tools.Require("chroot", "coreutils");
        Tools.Require("ip", "iproute2");
    }

    private static async Task<LayerInfo> WriteLayerAsync(List<LayerEntry> entries, string path, IProgressReporter progress, CancellationToken cancellationToken)
    {
        await using var output = File.Create(path);
        return await LayerWriter.WriteAsync(entries, output, new LayerWriteOptions(), progress, cancellationToken).ConfigureAwait(false);
    }

    private static LayerEntry ToLayerEntry(DeltaItem item) => new()
    {
        Path = item.Path,
        Kind = item.Kind,
        Mode = item.Status.Permissions,
        Uid = item.Status.Uid,
        Gid = item.Status.Gid,
        Modified = item.Status.Modified,
        Size = item.Kind == LayerEntryKind.File ? item.Status.Size : 0,
        LinkTarget = item.LinkTarget,
        SourcePath = item.Kind == LayerEntryKind.File ? item.DiskPath : null,
        Xattrs = item.Xattrs,
    };

    // The Debian package named like the Hoist package (or, failing that, the shortest named NAME-...)
    // gives the version, without its epoch: "redis" takes redis-server's 7.0.15-1~deb12u7.
    private static string DefaultVersion(string name, IReadOnlyList<BomEntry> bom)
    {
        var version = (bom.FirstOrDefault(e => e.Name == name)
            ?? bom.Where(e => e.Name.StartsWith(name + "-", StringComparison.Ordinal)).MinBy(e => e.Name.Length))?.Version;
        return version is null ? "1.0" : version[(version.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    private static string CopyOut(string package, string outputPath)
    {
        var full = Path.GetFullPath(outputPath);
        var staging = full + ".partial";
        try
        {
            File.Copy(package, staging, overwrite: true);
            File.Move(staging, full, overwrite: true);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(staging);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing was written there, or nothing can be.
            }

            throw HoistException.FailedPrecondition($"cannot write the package to '{outputPath}': {e.Message}", "choose a writable path with -o");
        }
    }
}
