using System.Text.Json;
using Hoist.Content.Blobs;
using Hoist.Content.Chunking;
using Hoist.Content.Trees;
using Hoist.Core.Errors;
using Hoist.Core.Storage;

namespace Hoist.Content.Recipes;

/// <summary>
/// Blob and tree recipes as JSON: compact, camelCase, fields at their default left out, xattr
/// values in base64. Deterministic: the same recipe always gives the same bytes, so a recipe's
/// digest names it. Every method refuses a recipe that is not well formed with
/// <see cref="ErrorKind.InvalidArgument"/> "blob recipe is not valid: ..." or "tree recipe is not
/// valid: entry N 'PATH': ...", naming the first problem.
/// </summary>
public static class RecipeSerializer
{
    public static byte[] Serialize(BlobRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        RecipeValidator.Validate(recipe);
        var json = new BlobRecipeJson
        {
            Format = recipe.Format,
            Digest = recipe.Digest.ToString(),
            Size = recipe.Size,
            Chunks = ToJson(recipe.Chunks),
        };
        return JsonSerializer.SerializeToUtf8Bytes(json, RecipeJsonContext.Default.BlobRecipeJson);
    }

    public static byte[] Serialize(TreeRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        RecipeValidator.Validate(recipe);
        var json = new TreeRecipeJson { Format = recipe.Format, Entries = [.. recipe.Entries.Select(ToJson)] };
        return JsonSerializer.SerializeToUtf8Bytes(json, RecipeJsonContext.Default.TreeRecipeJson);
    }

    /// <summary>The SHA-256 of <see cref="Serialize(BlobRecipe)"/>: the recipe's name in a store.</summary>
    public static Digest DigestOf(BlobRecipe recipe) => Digest.Of(Serialize(recipe));

    /// <summary>The SHA-256 of <see cref="Serialize(TreeRecipe)"/>: the recipe's name in a store.</summary>
    public static Digest DigestOf(TreeRecipe recipe) => Digest.Of(Serialize(recipe));

    /// <summary>The "format" field of a recipe of either kind, to tell which reader to use.</summary>
    public static string FormatOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isFormat = reader.ValueTextEquals("format"u8);
                    reader.Read();
                    if (isFormat && reader.TokenType == JsonTokenType.String)
                    {
                        return reader.GetString()!;
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            throw HoistException.InvalidArgument($"recipe is not valid JSON: {e.Message}");
        }

        throw HoistException.InvalidArgument("recipe has no format: it is not a JSON object with a \"format\" string");
    }

    public static BlobRecipe ReadBlob(ReadOnlySpan<byte> json)
    {
        var parsed = Parse(json, RecipeJsonContext.Default.BlobRecipeJson, "blob recipe");
        if (parsed.Format != BlobRecipe.FormatName)
        {
            throw HoistException.InvalidArgument($"blob recipe is not valid: format {TreePaths.Show(parsed.Format)} is not {BlobRecipe.FormatName}");
        }

        var recipe = new BlobRecipe
        {
            Format = parsed.Format,
            Digest = ParseDigest(parsed.Digest, "blob recipe", "its digest"),
            Size = parsed.Size,
            Chunks = FromJson(parsed.Chunks, "blob recipe", "its"),
        };
        RecipeValidator.Validate(recipe);
        return recipe;
    }

    public static TreeRecipe ReadTree(ReadOnlySpan<byte> json)
    {
        var parsed = Parse(json, RecipeJsonContext.Default.TreeRecipeJson, "tree recipe");
        if (parsed.Format != TreeRecipe.FormatName)
        {
            // Checked first: the entries of another format may mean something else.
            throw HoistException.InvalidArgument($"tree recipe is not valid: format {TreePaths.Show(parsed.Format)} is not {TreeRecipe.FormatName}");
        }

        var entries = new List<TreeEntry>(parsed.Entries?.Count ?? 0);
        foreach (var entry in parsed.Entries ?? [])
        {
            entries.Add(FromJson(entry, entries.Count));
        }

        var recipe = new TreeRecipe { Format = parsed.Format, Entries = entries };
        RecipeValidator.Validate(recipe);
        return recipe;
    }

    private static T Parse<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw HoistException.InvalidArgument($"{what} is not valid: it is null");
        }
        catch (JsonException e)
        {
            throw HoistException.InvalidArgument($"{what} is not valid JSON: {e.Message}");
        }
    }

    private static TreeEntryJson ToJson(TreeEntry entry) => new()
    {
        Path = entry.Path,
        Kind = KindNames.Name(entry.Kind),
        Mode = entry.Mode,
        Uid = entry.Uid,
        Gid = entry.Gid,
        MtimeNs = entry.MtimeNs,
        Size = entry.Size,
        Link = entry.Link,
        Major = entry.Major,
        Minor = entry.Minor,
        Xattrs = entry.Xattrs.Count == 0
            ? null
            : new SortedDictionary<string, string>(entry.Xattrs.ToDictionary(x => x.Key, x => Convert.ToBase64String(x.Value)), StringComparer.Ordinal),
        Chunks = ToJson(entry.Chunks),
    };

    private static List<ChunkRefJson>? ToJson(IReadOnlyList<ChunkRef> chunks) =>
        chunks.Count == 0 ? null : [.. chunks.Select(c => new ChunkRefJson { Digest = c.Digest.ToString(), Size = c.Size })];

    private static TreeEntry FromJson(TreeEntryJson json, int index)
    {
        var what = $"entry {index} {TreePaths.Show(json.Path)}";
        var kind = KindNames.Parse(json.Kind)
            ?? throw HoistException.InvalidArgument($"tree recipe is not valid: {what}: kind {TreePaths.Show(json.Kind)} is not one of {KindNames.All}");
        var xattrs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, value) in json.Xattrs ?? [])
        {
            try
            {
                xattrs[name] = Convert.FromBase64String(value);
            }
            catch (FormatException)
            {
                throw HoistException.InvalidArgument($"tree recipe is not valid: {what}: the value of xattr {TreePaths.Show(name)} is not base64");
            }
        }

        return new TreeEntry
        {
            Path = json.Path ?? throw HoistException.InvalidArgument($"tree recipe is not valid: entry {index} has no path"),
            Kind = kind,
            Mode = json.Mode,
            Uid = json.Uid,
            Gid = json.Gid,
            MtimeNs = json.MtimeNs,
            Size = json.Size,
            Link = json.Link,
            Major = json.Major,
            Minor = json.Minor,
            Xattrs = xattrs,
            Chunks = FromJson(json.Chunks, "tree recipe", what),
        };
    }

    private static List<ChunkRef> FromJson(List<ChunkRefJson>? chunks, string recipe, string what)
    {
        var result = new List<ChunkRef>(chunks?.Count ?? 0);
        foreach (var chunk in chunks ?? [])
        {
            result.Add(new ChunkRef(ParseDigest(chunk?.Digest, recipe, $"{what} chunk {result.Count}"), chunk?.Size ?? 0));
        }

        return result;
    }

    private static Digest ParseDigest(string? text, string recipe, string what) =>
        Digest.TryParse(text, out var digest)
            ? digest
            : throw HoistException.InvalidArgument($"{recipe} is not valid: {what}: {TreePaths.Show(text)} is not a digest of the form sha256:<64 hex digits>");
}
