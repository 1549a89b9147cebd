using System.Text.Json.Serialization;

namespace Hoist.Content.Trees;

/// <summary>The scan cache's JSON, generated at compile time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScanCacheJson))]
internal sealed partial class ScanCacheJsonContext : JsonSerializerContext;
