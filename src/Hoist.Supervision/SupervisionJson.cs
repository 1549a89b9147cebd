using System.Text.Json.Serialization;

namespace Hoist.Supervision;

/// <summary>The JSON of the contract, generated at compile time (no reflection: hoist-init is
/// compiled ahead of time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitSpec))]
[JsonSerializable(typeof(InitStatus))]
[JsonSerializable(typeof(ExecRequest))]
public sealed partial class SupervisionJson : JsonSerializerContext;
