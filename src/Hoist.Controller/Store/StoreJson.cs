using System.Text.Json.Serialization;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Store;

/// <summary>The JSON of the columns that hold structures (parameters, facts, order bodies, logs).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, long>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(HostFacts))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(OrderResult))]
internal sealed partial class StoreJson : JsonSerializerContext;
