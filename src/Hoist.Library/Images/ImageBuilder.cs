using System.Diagnostics;
using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Core.Text;

namespace Hoist.Library.Images;

/// <summary>Builds OS images with debootstrap (minbase) from a Debian mirror.</summary>
public sealed class ImageBuilder
{
    /// <summary>The Debian releases Hoist builds images of.</summary>
    public static readonly IReadOnlyList<string> Releases = ["bullseye", "bookworm", "trixie"];

    private readonly ImageStore _store;

    public ImageBuilder(ImageStore store) => _store = store;

    /// <summary>
    /// Builds the image, or returns at once when an image of that name was built from that release
    /// (unless <see cref="ImageBuildRequest.Rebuild"/>). Another image of the same release is copied
    /// rather than fetched again. Concurrent builds of one name wait for each other. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> (bad name or release), <see cref="ErrorKind.AlreadyExists"/>
    /// (the name holds another release), <see cref="ErrorKind.FailedPrecondition"/> (debootstrap failed);
    /// on any failure or cancellation nothing is left behind.
    /// </summary>
    public async Task<(ImageRecord Image, ImageBuildOutcome Outcome)> BuildAsync(
        ImageBuildRequest request, IProgressReporter progress, CancellationToken cancellationToken)
    {
        Names.Validate(request.Name, "image name");
        if (!Releases.Contains(request.Release))
        {
            throw HoistException.InvalidArgument(
                $"release '{request.Release}' is not one Hoist builds", $"use one of: {string.Join(", ", Releases)}");
        }

        using var imageLock = await FileLock.AcquireAsync(
            _store.LockOf(request.Name), () => progress.Status($"waiting for another build of image {request.Name}"), cancellationToken).ConfigureAwait(false);
        var existing = _store.Find(request.Name);
        if (existing is not null && !request.Rebuild)
        {
            return existing.Release == request.Release
                ? (existing, ImageBuildOutcome.AlreadyBuilt)
                : throw HoistException.AlreadyExists(
                    $"image '{request.Name}' exists and holds {existing.Description}",
                    "use --rebuild to replace it, or choose another name");
        }

        WorkDirectory.SweepStale(_store.Home);
        using var work = WorkDirectory.Create(_store.Home, "image-" + request.Name);
        var root = work.Combine("rootfs");
        var mirror = request.Mirror ?? DebianMirror.Find();
        var twin = request.Rebuild ? null : _store.List().FirstOrDefault(i => i.Release == request.Release && i.Source.StartsWith("debootstrap ", StringComparison.Ordinal));
        string source;
        if (twin is not null)
        {
            progress.Phase($"copying image {twin.Name} ({twin.Description}) to {request.Name}");
            await ProcessRunner.RunCheckedAsync(
                new ProcessSpec("cp", "-a", "--reflink=auto", twin.RootPath, root), $"copying image {twin.Name}", cancellationToken).ConfigureAwait(false);
            source = twin.Source;
        }
        else
        {
            await DebootstrapAsync(request.Release, root, mirror, progress, cancellationToken).ConfigureAwait(false);
            RemoveDownloadedPackages(root);
            source = $"debootstrap {request.Release} {mirror}";
        }

        progress.Phase($"reading the facts of image {request.Name}");
        var record = await ImageFacts.ReadAsync(_store, request.Name, root, source, request.Release, cancellationToken).ConfigureAwait(false);
        _store.Commit(record, root);
        return (record, twin is null ? ImageBuildOutcome.Built : ImageBuildOutcome.Copied);
    }

    // debootstrap leaves the .debs it installed in the image's apt cache (31 MB of 203 MB for
    // bookworm); an OS image needs them no more than `apt-get clean` would keep them.
    private static void RemoveDownloadedPackages(string root)
    {
        var archives = Path.Combine(root, "var/cache/apt/archives");
        if (Directory.Exists(archives))
        {
            foreach (var deb in Directory.EnumerateFiles(archives, "*.deb"))
            {
                File.Delete(deb);
            }
        }
    }

    private async Task DebootstrapAsync(string release, string root, string mirror, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var debootstrap = Tools.Require("debootstrap", "debootstrap");
        var unshare = Tools.Require("unshare", "util-linux");
        var cache = Path.Combine(_store.Home.Cache, "debootstrap", release);
        Directory.CreateDirectory(cache);
        progress.Phase($"debootstrap {release} from {mirror}");
        var parser = new DebootstrapProgress();
        var clock = Stopwatch.StartNew();

        // In a private mount namespace: debootstrap mounts /proc and /sys in the target, and a
        // killed debootstrap must not leave them mounted on this machine.
        var spec = new ProcessSpec(
            unshare, "--mount", "--propagation", "private", "--", debootstrap,
            "--variant=minbase", $"--cache-dir={cache}", release, root, mirror)
        {
            Timeout = TimeSpan.FromMinutes(30),
            TailLines = 15,
            OnStdout = line =>
            {
                if (parser.Read(line) is var (status, done, total))
                {
                    progress.Status(status);
                    progress.Advance(done, total);
                }
            },
        };
        var result = await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new HoistException(
                ErrorKind.FailedPrecondition,
                $"debootstrap of {release} from {mirror} failed with exit code {result.ExitCode}",
                "check that the mirror is reachable (HOIST_MIRROR or --mirror sets another)")
            {
                Details = result.Tail,
            };
        }

        progress.Done($"debootstrap {release}: {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
