using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Packaging.Manifests;

namespace Hoist.Cli.Output;

/// <summary>Writes a package for people: a summary (lists cut short) or everything.</summary>
internal static class PackageView
{
    private const int ShortList = 4;

    public static void Write(TextWriter writer, PackageManifest manifest, Digest digest, long fileSize, bool full)
    {
        writer.WriteLine($"{manifest.Name} {manifest.Version}  {(full ? digest.ToString() : digest.Short)}");
        Field(writer, "description", manifest.Description);
        if (manifest.Sequencing is { } s)
        {
            Field(writer, "sequenced", $"on image {s.Image} ({s.Os}) at {s.At} by '{s.Installer}'");
        }

        if (manifest.Layer is { } layer)
        {
            Field(writer, "size", $"{ByteSize.Format(fileSize)} package; {ByteSize.Format(layer.ContentBytes)} in {layer.Entries} entries ({ByteSize.Format(layer.UncompressedSize)} as tar), {layer.Whiteouts} deletions");
        }

        var r = manifest.Requires;
        Field(writer, "requires", string.Join(", ", new[]
        {
            r.Architecture,
            r.Glibc is null ? null : $"glibc >= {r.Glibc}",
            r.Libraries.Count == 0 ? null : $"{r.Libraries.Count} libraries from the host: {List(r.Libraries, full)}",
        }.Where(x => x is not null)));
        if (r.Others is { } others)
        {
            Field(writer, string.Empty, $"its other files (not the services) also need {string.Join(", ", new[] { others.Glibc is null ? null : $"glibc >= {others.Glibc}" }.Concat(others.Libraries).OfType<string>())}");
        }

        for (var i = 0; i < manifest.Services.Count; i++)
        {
            var service = manifest.Services[i];
            var ports = service.Ports.Count == 0 ? "no ports" : "ports " + string.Join(", ", service.Ports.Select(p => $"{p.Port}/{p.Protocol}"));
            Field(writer, i == 0 ? "services" : string.Empty, $"{service.Name}: {ShellQuote.Join(service.Exec)} (user {service.User ?? "root"}, {ports})");
        }

        Field(writer, "users", List(manifest.Users.Select(u => $"{u.Name} (uid {u.Uid}, gid {u.Gid}, home {u.Home})").ToList(), full));
        Field(writer, "groups", List(manifest.Groups.Select(g => g.Existing ? $"{g.Name} (existing, +{string.Join(",", g.Members)})" : $"{g.Name} (gid {g.Gid})").ToList(), full));
        Field(writer, "state paths", List(manifest.StatePaths, full));
        Field(writer, "config files", List(manifest.ConfigFiles, full));
        for (var i = 0; i < manifest.Parameters.Count; i++)
        {
            var p = manifest.Parameters[i];
            var targets = string.Join("; ", p.Targets.Select(t => t.IsContent ? $"copied to {t.Content}" : $"{t.File}: '{t.Line}'"));
            Field(writer, i == 0 ? "parameters" : string.Empty, $"{p.Name} = {(p.Default.Length == 0 ? "(none)" : p.Default)}  ({p.Description}; {(p.Targets.All(t => t.IsContent) ? string.Empty : "sets ")}{targets})");
        }

        Field(writer, "packages", List(manifest.BillOfMaterials.Select(b => $"{b.Name} {b.Version}").ToList(), full));
    }

    private static void Field(TextWriter writer, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteLine($"  {label,-13} {value}");
        }
    }

    private static string List(IReadOnlyList<string> items, bool full) =>
        full || items.Count <= ShortList
            ? string.Join(", ", items)
            : $"{string.Join(", ", items.Take(ShortList))} and {items.Count - ShortList} more";
}
