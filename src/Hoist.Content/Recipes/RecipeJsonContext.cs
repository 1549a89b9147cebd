using System.Text.Json.Serialization;

namespace Hoist.Content.Recipes;

/// <summary>The recipes' JSON, generated at compile time: camelCase, defaults left out, unknown
/// fields refused (a damaged or foreign recipe is caught, never half-read).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(BlobRecipeJson))]
[JsonSerializable(typeof(TreeRecipeJson))]
internal sealed partial class RecipeJsonContext : JsonSerializerContext;
