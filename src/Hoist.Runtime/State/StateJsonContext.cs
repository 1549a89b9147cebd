using System.Text.Json.Serialization;

namespace Hoist.Runtime.State;

/// <summary>The source-generated serializer of state.json: camelCase names, indented (a person may
/// read it with tar -xOf), null-checked against the nullable annotations.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(StateMetadata))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
