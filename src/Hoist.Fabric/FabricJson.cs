using System.Text.Json.Serialization;
using Hoist.Fabric.Api;

namespace Hoist.Fabric;

/// <summary>The JSON of the fabric's API, generated at compile time (the hoist binary is compiled ahead
/// of time). camelCase, nulls left out, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AgentRegistration))]
[JsonSerializable(typeof(AgentHeartbeat))]
[JsonSerializable(typeof(HeartbeatReply))]
[JsonSerializable(typeof(AppReport))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(IReadOnlyList<Order>))]
[JsonSerializable(typeof(OrderResult))]
[JsonSerializable(typeof(HostView))]
[JsonSerializable(typeof(IReadOnlyList<HostView>))]
[JsonSerializable(typeof(AppView))]
[JsonSerializable(typeof(IReadOnlyList<AppView>))]
[JsonSerializable(typeof(DeployRequest))]
[JsonSerializable(typeof(DeployResult))]
[JsonSerializable(typeof(DeployBatchRequest))]
[JsonSerializable(typeof(DeployBatchResult))]
[JsonSerializable(typeof(ScaleRequest))]
[JsonSerializable(typeof(ScaleResult))]
[JsonSerializable(typeof(MigrateRequest))]
[JsonSerializable(typeof(MigrationView))]
[JsonSerializable(typeof(IReadOnlyList<MigrationView>))]
[JsonSerializable(typeof(DrainResult))]
[JsonSerializable(typeof(UpgradeRequest))]
[JsonSerializable(typeof(EventView))]
[JsonSerializable(typeof(IReadOnlyList<EventView>))]
[JsonSerializable(typeof(LibraryItemView))]
[JsonSerializable(typeof(LibraryItemRequest))]
[JsonSerializable(typeof(LibraryListing))]
[JsonSerializable(typeof(DigestList))]
[JsonSerializable(typeof(UploadResult))]
[JsonSerializable(typeof(GcResult))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(ControllerContextFile))]
public sealed partial class FabricJson : JsonSerializerContext;
