using Hoist.Content.Recipes;
using Hoist.Content.Storage;
using Hoist.Content.Trees;
using Hoist.Core.Storage;
using Hoist.Fabric.Client;
using Hoist.Testing;

namespace Hoist.Controller.Tests.Testing;

/// <summary>Pushes a directory tree (an image's root, an app's state) into a controller's library: scanned
/// from a temporary directory with <see cref="TreeScanner"/>, its chunks and recipe uploaded.</summary>
internal static class TestTrees
{
    /// <summary>Returns the tree recipe's digest.</summary>
    public static async Task<string> PushTreeAsync(ControllerClient client, IReadOnlyDictionary<string, byte[]> files)
    {
        using var root = new TempDirectory("tree");
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(root.Combine(path))!);
            await File.WriteAllBytesAsync(root.Combine(path), content);
        }

        using var scratch = new TempDirectory("chunks");
        var store = new ChunkStore(scratch.Path);
        var recipe = await new TreeScanner().ScanAsync(root.Path, store, CancellationToken.None);
        var chunks = recipe.Entries.SelectMany(e => e.Chunks).Select(c => c.Digest).Distinct().ToList();
        var missing = await client.MissingChunksAsync([.. chunks.Select(c => c.ToString())], CancellationToken.None);
        await TestLibrary.UploadAsync(client, store, missing.Select(m => Digest.Parse(m)));
        var json = RecipeSerializer.Serialize(recipe);
        var digest = Digest.Of(json).ToString();
        await client.PutRecipeAsync(digest, json, CancellationToken.None);
        return digest;
    }
}
