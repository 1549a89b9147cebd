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
    // zstd level 1 on one core: the 13 MB redis layer becomes 5.8 MB in the time the port probe
    // takes anyway (level 3: 5.3 MB, finishing ~80 ms after the probe; level 9 on two cores: 4.0 MB,
    // ~480 ms). The package stays at 2% of the peer's OCI image, and the other core runs the probe.
    private static readonly LayerWriteOptions LayerOptions = new() { CompressionLevel = 1, Workers = 1 };

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
        Trace(progress, "start", clock);
        Validate(request);
        var image = _library.Images.Get(request.Image);
        using var imageLock = await FileLock.AcquireAsync(_library.Images.LockOf(image.Name), shared: true, null, cancellationToken).ConfigureAwait(false);
        WorkDirectory.SweepStale(_library.Home);
        using var work = WorkDirectory.Create(_library.Home, "sequence-" + request.Name);
        var layout = new CaptureLayout(work.Path);
        layout.Create();

        Trace(progress, "prepared", Stopwatch.StartNew());
        progress.Phase($"running the installer on image {image.Name} ({image.Description})");
        var warmup = Warmup.RunAsync(cancellationToken);
        await using var prober = PortProber.Start(layout, image.RootPath, request.ProbeTimeout);
        var (exitCode, tail) = await CaptureEnvironment.RunInstallerAsync(layout, image.RootPath, request.Installer, progress, cancellationToken).ConfigureAwait(false);
        await warmup.ConfigureAwait(false);
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

        progress.Done($"installer finished in {clock.Elapsed.TotalSeconds:0.00} s");
        var step = Stopwatch.StartNew();
        progress.Phase("reading what the installer changed");
        await prober.MountAsync(cancellationToken).ConfigureAwait(false);
        var delta = DeltaScanner.Scan(layout.Upper, image.RootPath);
        Trace(progress, "scan", step);
        if (!delta.Items.Any(i => i.Kind != LayerEntryKind.Directory))
        {
            throw HoistException.FailedPrecondition("the installer changed nothing that belongs to an app", "check the installer command: did it install anything?");
        }

        // The layer is written on one core while the probe's environment comes up, the capture is
        // analysed and its services are started, on the other.
        var entries = delta.Items.Select(ToLayerEntry).ToList();
        var layerTask = Task.Run(() => WriteLayerAsync(entries, layout.Layer, progress, cancellationToken), cancellationToken);
        CaptureAnalysis analysis;
        ProbeReport probe;
        try
        {
            var view = new MergedView(layout.Upper, image.RootPath);
            var detection = CaptureAnalyzer.DetectServices(delta, view);
            var probing = prober.ProbeAsync(detection.Services, view.ReadText, progress, cancellationToken);
            try
            {
                analysis = CaptureAnalyzer.Analyze(delta, view, detection);
                Trace(progress, "analysis", step);
            }
            finally
            {
                // The services are running in the probe: wait for it before it is disposed.
                await Task.WhenAny(probing).ConfigureAwait(false);
            }

            probe = await probing.ConfigureAwait(false);
            Trace(progress, "probe", step);
        }
        finally
        {
            // Whatever happened, the writer must be done with the work directory before it goes.
            await Task.WhenAny(layerTask).ConfigureAwait(false);
        }

        var layer = await layerTask.ConfigureAwait(false);
        Trace(progress, "layer", step);

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
            Parameters = ParameterProposer.Propose(services, analysis.ConfigFiles, analysis.Directories.Contains),
            BillOfMaterials = analysis.BillOfMaterials,
            Layer = layer,
        };

        progress.Phase("writing the package");
        await using (var output = File.Create(layout.Package))
        {
            await PackageFileWriter.WriteAsync(manifest, layout.Layer, output, cancellationToken).ConfigureAwait(false);
        }

        Trace(progress, "package", step);
        cancellationToken.ThrowIfCancellationRequested();
        var outputPath = request.OutputPath is null ? null : CopyOut(layout.Package, request.OutputPath);
        var record = _library.Packages.Add(layout.Package, move: true);
        Trace(progress, "added", step);
        return new SequenceResult(record, manifest, outputPath, [.. analysis.Notes, .. probe.Notes], clock.Elapsed);
    }

    private static void Trace(IProgressReporter progress, string what, Stopwatch step)
    {
        if (Environment.GetEnvironmentVariable("HOIST_TRACE") == "1")
        {
            var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
            progress.Output($"trace: {what} {step.Elapsed.TotalMilliseconds:0} ms (at {sinceStart.TotalMilliseconds:0} ms)");
        }

        step.Restart();
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
        return await LayerWriter.WriteAsync(entries, output, LayerOptions, progress, cancellationToken).ConfigureAwait(false);
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
