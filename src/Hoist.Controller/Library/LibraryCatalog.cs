using Hoist.Controller.Model;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Fabric.Api;
using Hoist.Packaging.Manifests;

namespace Hoist.Controller.Library;

/// <summary>
/// The library's items in memory: the rows of library_items, the parsed manifest of each package, and
/// how many items reference each chunk (an item's unique bytes are its chunks referenced once). Guarded
/// by the fabric's lock; <see cref="LibraryService"/> writes the rows.
/// </summary>
internal sealed class LibraryCatalog
{
    private readonly Dictionary<(string Kind, string Name, string Version), LibraryItemRecord> _items = [];
    private readonly Dictionary<string, PackageManifest> _manifests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _references = new(StringComparer.Ordinal);

    public IEnumerable<LibraryItemRecord> Items => _items.Values;

    /// <summary>Adds an item, or replaces the one of the same kind, name and version.</summary>
    public void Put(LibraryItemRecord item)
    {
        Remove(item.Kind, item.Name, item.Version);
        _items[(item.Kind, item.Name, item.Version)] = item;
        foreach (var chunk in item.Chunks)
        {
            _references[chunk] = References(chunk) + 1;
        }

        if (item.Kind == LibraryKinds.Package && item.Manifest is not null && !_manifests.ContainsKey(item.Digest))
        {
            _manifests[item.Digest] = ManifestSerializer.Deserialize(item.Manifest, $"the manifest of package {item.Name} {item.Version}");
        }
    }

    /// <summary>Removes an item; returns it, or null when there was none.</summary>
    public LibraryItemRecord? Remove(string kind, string name, string version)
    {
        if (!_items.Remove((kind, name, version), out var item))
        {
            return null;
        }

        foreach (var chunk in item.Chunks)
        {
            var count = References(chunk) - 1;
            if (count <= 0)
            {
                _references.Remove(chunk);
            }
            else
            {
                _references[chunk] = count;
            }
        }

        return item;
    }

    /// <summary>How many items reference <paramref name="chunk"/>.</summary>
    public int References(string chunk) => _references.GetValueOrDefault(chunk);

    /// <summary>The item named so; <paramref name="version"/> null takes the newest (last added).</summary>
    public LibraryItemRecord? Find(string kind, string name, string? version) =>
        version is not null
            ? _items.GetValueOrDefault((kind, name, version))
            : _items.Values.Where(i => i.Kind == kind && i.Name == name)
                .OrderByDescending(i => i.Created).ThenByDescending(i => i.Version, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The manifest of a package digest the library holds or held (apps keep theirs).</summary>
    public PackageManifest? Manifest(string digest) => _manifests.GetValueOrDefault(digest);

    /// <summary>
    /// A package by NAME (the newest), NAME:VERSION, or its digest or a unique prefix of it (4 hex digits
    /// at least). Throws <see cref="ErrorKind.NotFound"/> naming it, with the hint to push it, and
    /// <see cref="ErrorKind.InvalidArgument"/> for a prefix that several packages share.
    /// </summary>
    public (LibraryItemRecord Item, PackageManifest Manifest) ResolvePackage(string text)
    {
        var item = FindPackage(text) ?? throw HoistException.NotFound(
            $"package '{text}' is not in the controller's library", $"push it with 'hoist library push {text}'");
        return (item, Manifest(item.Digest)!);
    }

    private LibraryItemRecord? FindPackage(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !text.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return Find(LibraryKinds.Package, text[..colon], text[(colon + 1)..]);
        }

        if (Find(LibraryKinds.Package, text, null) is { } named)
        {
            return named;
        }

        var matches = _items.Values
            .Where(i => i.Kind == LibraryKinds.Package && Digest.TryParse(i.Digest, out var digest) && digest.Matches(text))
            .GroupBy(i => i.Digest, StringComparer.Ordinal)
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0].OrderByDescending(i => i.Created).First(),
            _ => throw HoistException.InvalidArgument(
                $"'{text}' is the start of {matches.Count} package digests ({string.Join(", ", matches.Select(m => $"{m.First().Name} {m.First().Version}"))})",
                "give more digits of the digest, or NAME:VERSION"),
        };
    }
}
