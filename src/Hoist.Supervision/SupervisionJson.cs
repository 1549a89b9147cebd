using System.Text.Json.Serialization;

namespace Hoist.Supervision;

/// <summary>The JSON of the contract, generated at compile time (no reflection: hoist-init is
/// compiled ahead of time).</summary>
/// <remarks>
/// The contract's properties have setters, not init accessors: for init-only properties the source
/// generator passes every property to an object initializer, so a property missing from the JSON would
/// get default(T) instead of its initializer's value (dotnet/runtime#84484): a spec without "stopSignal"
/// would stop services with signal 0. A null where the contract has no nullable type is refused
/// (RespectNullableAnnotations) rather than left for a NullReferenceException later.
/// </remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(InitSpec))]
[JsonSerializable(typeof(InitStatus))]
[JsonSerializable(typeof(ExecRequest))]
public sealed partial class SupervisionJson : JsonSerializerContext;
