using Hoist.Content.Blobs;
using Hoist.Content.Recipes;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Controller.Library;

/// <summary>Recipes (blob and tree) under HOME/recipes/sha256/HEX, each kept only once checked against its
/// digest and parsed; written aside and renamed into place, read-only once named. Thread-safe.</summary>
internal sealed class RecipeStore
{
    /// <summary>A recipe larger than this is refused (a tree recipe of a million files is some 200 MB).</summary>
    public const int MaxSize = 512 << 20;

    private readonly string _root;

    public RecipeStore(string root)
    {
        _root = Path.Combine(root, "sha256");
        Directory.CreateDirectory(_root);
    }

    public string PathOf(Digest digest) => Path.Combine(_root, digest.Hex);

    public bool Contains(Digest digest) => File.Exists(PathOf(digest));

    /// <summary>Keeps <paramref name="json"/> as the recipe <paramref name="digest"/>. Throws
    /// <see cref="ErrorKind.InvalidArgument"/> when it does not hash to the digest or is no valid recipe.</summary>
    public async Task PutAsync(Digest digest, byte[] json, CancellationToken cancellationToken)
    {
        var actual = Digest.Of(json);
        if (actual != digest)
        {
            throw HoistException.InvalidArgument($"recipe {digest} was refused: its {json.Length} bytes hash to {actual}");
        }

        Parse(digest, json);
        if (Contains(digest))
        {
            return;
        }

        var temporary = PathOf(digest) + "." + Guid.NewGuid().ToString("n") + ".tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, json, cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(temporary, PathOf(digest), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The recipe's bytes. Throws <see cref="ErrorKind.NotFound"/> when it is not kept.</summary>
    public async Task<byte[]> ReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(digest), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw HoistException.NotFound($"recipe {digest} is not in the controller's library", "upload it first (PUT /v1/recipes/DIGEST)");
        }
    }

    /// <summary>The recipe parsed: a blob or a tree recipe.</summary>
    public async Task<ParsedRecipe> ReadParsedAsync(Digest digest, CancellationToken cancellationToken) =>
        Parse(digest, await ReadAsync(digest, cancellationToken).ConfigureAwait(false));

    /// <summary>Every recipe kept, with when it was written.</summary>
    public IEnumerable<(Digest Digest, DateTime Written)> List()
    {
        foreach (var file in new DirectoryInfo(_root).EnumerateFiles())
        {
            if (Digest.TryParse("sha256:" + file.Name, out var digest))
            {
                yield return (digest, file.LastWriteTimeUtc);
            }
        }
    }

    public bool Delete(Digest digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private static ParsedRecipe Parse(Digest digest, byte[] json)
    {
        try
        {
            return RecipeSerializer.FormatOf(json) switch
            {
                BlobRecipe.FormatName => new ParsedRecipe(RecipeSerializer.ReadBlob(json), null),
                TreeRecipe.FormatName => new ParsedRecipe(null, RecipeSerializer.ReadTree(json)),
                var format => throw HoistException.InvalidArgument($"format '{format}' is neither {BlobRecipe.FormatName} nor {TreeRecipe.FormatName}"),
            };
        }
        catch (HoistException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw HoistException.InvalidArgument($"recipe {digest} was refused: {e.Message}");
        }
    }
}
