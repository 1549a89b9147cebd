using System.Text.Json.Serialization;

namespace Hoist.Runtime;

/// <summary>The JSON the runtime stores, generated at compile time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class RuntimeJson : JsonSerializerContext;
