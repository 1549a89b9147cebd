using Hoist.Content.Recipes;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Progress;
using Hoist.Core.Text;
using Hoist.Fabric.Api;
using Hoist.Fabric.Client;
using Hoist.Library.Images;
using Hoist.Packaging.Files;

namespace Hoist.Cli.Fabric;

/// <summary>
/// Puts items of this machine's library into the controller's: an image as the tree recipe of its root,
/// a package as the blob recipe of its file. Only the chunks the controller lacks are sent.
/// </summary>
internal sealed class LibraryPusher
{
    private readonly CliContext _context;
    private readonly ControllerClient _client;

    public LibraryPusher(CliContext context, ControllerClient client)
    {
        _context = context;
        _client = client;
    }

    /// <summary>Pushes image <paramref name="name"/> of this machine's library, unless the controller holds
    /// the same tree under that name already.</summary>
    public async Task<(LibraryItemView Item, long BytesSent)> PushImageAsync(string name, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var image = _context.Library.Images.Get(name);
        if (await FindAsync(LibraryKinds.Image, name, cancellationToken).ConfigureAwait(false) is { } present && present.Digest == image.Digest.ToString())
        {
            return (present, 0);
        }

        progress.Phase($"pushing image {name} ({image.Description}, {ByteSize.Format(image.Size)}) to the controller's library");
        var uploader = new ChunkUploader(_client);
        var recipe = await new TreeScanner(null).ScanAsync(image.RootPath, uploader, cancellationToken).ConfigureAwait(false);
        await uploader.FlushAsync(cancellationToken).ConfigureAwait(false);
        var digest = await uploader.PutRecipeAsync(RecipeSerializer.Serialize(recipe), cancellationToken).ConfigureAwait(false);
        var item = await _client.AddLibraryItemAsync(
            new LibraryItemRequest
            {
                Kind = LibraryKinds.Image,
                Name = image.Name,
                Version = image.Release ?? image.Os.VersionId ?? "-",
                Digest = image.Digest.ToString(),
                Recipe = digest.ToString(),
                LogicalBytes = image.Size,
                Image = Facts(image),
            },
            cancellationToken).ConfigureAwait(false);
        progress.Done($"image {name}: {ByteSize.Format(uploader.BytesSent)} sent");
        return (item, uploader.BytesSent);
    }

    /// <summary>Pushes the package file at <paramref name="path"/> unless the controller has it.</summary>
    public async Task<(LibraryItemView Item, long BytesSent)> PushPackageAsync(string path, IProgressReporter progress, CancellationToken cancellationToken)
    {
        using var package = PackageFile.Open(path);
        if (await FindAsync(LibraryKinds.Package, package.Digest.ToString(), cancellationToken).ConfigureAwait(false) is { } present)
        {
            return (present, 0);
        }

        progress.Phase($"pushing package {package.Manifest.Name} {package.Manifest.Version} ({ByteSize.Format(package.FileSize)}) to the controller's library");
        var (item, sent) = await PackagePusher.PushAsync(_client, path, package, cancellationToken).ConfigureAwait(false);
        progress.Done($"package {package.Manifest.Name} {package.Manifest.Version}: {ByteSize.Format(sent)} sent of {ByteSize.Format(package.FileSize)}");
        return (item, sent);
    }

    /// <summary>
    /// Makes sure the controller can deploy <paramref name="reference"/> and returns what to name it by: a
    /// .hpkg file, or a package of this machine's library (NAME, NAME:VERSION, digest), is pushed (only what
    /// the controller lacks) and named by its digest; anything else is left for the controller to resolve
    /// in its own library.
    /// </summary>
    public async Task<string> EnsurePackageAsync(string reference, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var path = File.Exists(reference) ? Path.GetFullPath(reference) : _context.Library.Packages.Find(reference)?.Path;
        return path is null ? reference : (await PushPackageAsync(path, progress, cancellationToken).ConfigureAwait(false)).Item.Digest;
    }

    private async Task<LibraryItemView?> FindAsync(string kind, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.LibraryItemAsync(kind, name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (HoistException e) when (e.Kind == ErrorKind.NotFound)
        {
            return null;
        }
    }

    private static HostFacts Facts(ImageRecord image) => new()
    {
        Image = image.Name,
        Os = image.Description,
        Architecture = image.Architecture,
        Glibc = image.Glibc,
        Libraries = image.Libraries,
    };
}
