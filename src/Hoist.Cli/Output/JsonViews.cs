using System.Text.Json.Serialization;
using Hoist.Packaging.Manifests;

namespace Hoist.Cli.Output;

// What --json prints, one record per view. hoist is compiled ahead of time, so the JSON is written by
// code that the source generator makes from these records (JsonViewContext), not by reflection.

internal sealed record ImageView(
    string Name, string? Release, string? Os, string? OsId, string? OsVersion, string Architecture, string? Glibc,
    string Digest, long Size, long Files, string Source, DateTimeOffset Created, string RootPath, int Libraries);

internal sealed record PackageListView(string Name, string Version, string Digest, long Size, DateTimeOffset Created, string File);

internal sealed record PackageInspectView(string Digest, string File, long Size, PackageManifest Manifest);

internal sealed record ProblemView(string Kind, string Message);

internal sealed record PackageCheckView(string Package, string Image, bool IsCompatible, IReadOnlyList<ProblemView> Problems, IReadOnlyList<string> Notes, int ExitCode);

internal sealed record HostView(string Name, string Image, string Network, string? Address, string State, DateTimeOffset Created, IReadOnlyList<string> Apps);

internal sealed record ServiceJsonView(string Name, string State, int? HostPid, IReadOnlyList<string> Ports, int Restarts, int? LastExitCode, string? Message);

internal sealed record AppView(
    string Name, string Host, string Package, string PackageName, string PackageVersion, string State, string? Message,
    DateTimeOffset? Started, IReadOnlyList<ServiceJsonView> Services);

internal sealed record AppInspectView(
    AppView Status, IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Resources, string Desired,
    DateTimeOffset Created, string StateLayer, long StateBytes, string Logs, string Container);

/// <summary>camelCase, indented, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<ImageView>))]
[JsonSerializable(typeof(IReadOnlyList<PackageListView>))]
[JsonSerializable(typeof(PackageInspectView))]
[JsonSerializable(typeof(PackageCheckView))]
[JsonSerializable(typeof(IReadOnlyList<HostView>))]
[JsonSerializable(typeof(IReadOnlyList<AppView>))]
[JsonSerializable(typeof(AppInspectView))]
internal sealed partial class JsonViewContext : JsonSerializerContext;
