using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Core.Text;

namespace Hoist.Library.Images;

/// <summary>Adds an OS root filesystem that was made elsewhere: a directory, or a tar archive
/// (plain, gzip, xz or zstd).</summary>
public sealed class ImageImporter
{
    private readonly ImageStore _store;

    public ImageImporter(ImageStore store) => _store = store;

    /// <summary>
    /// Copies <paramref name="source"/> into the library as image <paramref name="name"/>, keeping
    /// owners, modes, links and extended attributes. Throws <see cref="ErrorKind.AlreadyExists"/>,
    /// <see cref="ErrorKind.NotFound"/> (no such source), <see cref="ErrorKind.InvalidArgument"/>
    /// (not an OS root, or an archive tar cannot read); nothing is left behind on failure.
    /// </summary>
    public async Task<ImageRecord> ImportAsync(string name, string source, IProgressReporter progress, CancellationToken cancellationToken)
    {
        Names.Validate(name, "image name");
        var fullSource = Path.GetFullPath(source);
        var isDirectory = Directory.Exists(fullSource);
        if (!isDirectory && !File.Exists(fullSource))
        {
            throw HoistException.NotFound($"'{source}' does not exist", "give a root filesystem directory or a .tar, .tar.gz or .tar.zst archive");
        }

        using var imageLock = await FileLock.AcquireAsync(_store.LockOf(name), null, cancellationToken).ConfigureAwait(false);
        if (_store.Find(name) is { } existing)
        {
            throw HoistException.AlreadyExists($"image '{name}' exists and holds {existing.Description}", "remove it first with 'hoist image rm', or choose another name");
        }

        WorkDirectory.SweepStale(_store.Home);
        using var work = WorkDirectory.Create(_store.Home, "import-" + name);
        var root = work.Combine("rootfs");
        progress.Phase($"importing {source} as image {name}");
        if (isDirectory)
        {
            await ProcessRunner.RunCheckedAsync(
                new ProcessSpec("cp", "-a", "--reflink=auto", fullSource, root) { Timeout = TimeSpan.FromMinutes(30) },
                $"copying {source}", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Directory.CreateDirectory(root);
            var tar = Tools.Require("tar", "tar");
            var result = await ProcessRunner.RunAsync(
                new ProcessSpec(tar, "-xpf", fullSource, "-C", root, "--numeric-owner", "--same-owner", "--xattrs", "--xattrs-include=*")
                {
                    Timeout = TimeSpan.FromMinutes(30),
                },
                cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw new HoistException(ErrorKind.InvalidArgument, $"'{source}' is not a tar archive that can be read (tar exited with code {result.ExitCode})",
                    "give a .tar, .tar.gz, .tar.xz or .tar.zst of a root filesystem (zstd needs the zstd package)")
                {
                    Details = result.Tail,
                };
            }
        }

        progress.Phase($"reading the facts of image {name}");
        ImageRecord record;
        try
        {
            record = await ImageFacts.ReadAsync(_store, name, root, $"import {fullSource}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw HoistException.InvalidArgument($"'{source}' is not an OS root filesystem: {e.Message}", "give the root directory of a Linux distribution (with /bin/sh and libc)");
        }

        _store.Commit(record, root);
        return record;
    }

    /// <summary>
    /// Adds the root filesystem prepared at <paramref name="preparedRoot"/> (on the library's filesystem,
    /// e.g. in a work directory) as image <paramref name="name"/> by moving it into place, replacing an
    /// image of that name. The caller holds the image's lock (<see cref="ImageStore.LockOf"/>). Throws
    /// <see cref="ErrorKind.InvalidArgument"/> when the directory is not an OS root.
    /// </summary>
    public async Task<ImageRecord> AdoptAsync(string name, string preparedRoot, string source, string? release, CancellationToken cancellationToken)
    {
        Names.Validate(name, "image name");
        var record = await ImageFacts.ReadAsync(_store, name, preparedRoot, source, release, cancellationToken).ConfigureAwait(false);
        _store.Commit(record, preparedRoot);
        return record;
    }
}
