using System.Text;
using Hoist.Content.Storage;
using Hoist.Controller.Events;
using Hoist.Controller.Model;
using Hoist.Controller.Store;
using Hoist.Core.Errors;
using Hoist.Core.Storage;
using Hoist.Core.Text;
using Hoist.Fabric.Api;
using Hoist.Packaging.Manifests;

namespace Hoist.Controller.Library;

/// <summary>
/// The controller's library (docs/fabric.md, Library items): items whose recipe and chunks were uploaded
/// first, listed with their logical and unique sizes; the state a migration leaves. Adding an item and
/// collecting garbage take <see cref="Mutation"/> in turn, so that a collection never sweeps a chunk that
/// an item being added has just been checked to hold.
/// </summary>
internal sealed class LibraryService
{
    private readonly FabricState _state;
    private readonly EventLog _events;
    private readonly TimeProvider _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _sizes = new(StringComparer.Ordinal);

    public LibraryService(FabricState state, ChunkStore chunks, RecipeStore recipes, EventLog events, ControllerOptions options)
    {
        _state = state;
        Chunks = chunks;
        Recipes = recipes;
        _events = events;
        _time = options.Time;
    }

    public ChunkStore Chunks { get; }

    public RecipeStore Recipes { get; }

    /// <summary>Held while an item is added or garbage is collected.</summary>
    public SemaphoreSlim Mutation { get; } = new(1, 1);

    public LibraryListing List()
    {
        List<(LibraryItemRecord, List<string>)> snapshot;
        lock (_state.Gate)
        {
            snapshot = _state.Library.Items.OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
                .ThenBy(i => i.Created).Select(i => (i, Unique(i))).ToList();
        }

        var items = snapshot.Select(s => View(s.Item1, s.Item2)).ToList();
        var totals = Chunks.Totals();
        return new LibraryListing { Items = items, LogicalBytes = items.Sum(i => i.LogicalBytes), StoredBytes = totals.StoredBytes, Chunks = (int)totals.Chunks };
    }

    /// <summary>An item by kind and name (a package also by digest or prefix); the newest without a version.</summary>
    public LibraryItemView Get(string kind, string name, string? version)
    {
        LibraryItemRecord item;
        List<string> unique;
        lock (_state.Gate)
        {
            item = Find(kind, name, version);
            unique = Unique(item);
        }

        return View(item, unique);
    }

    /// <summary>
    /// Adds (or replaces) an item. Throws <see cref="ErrorKind.InvalidArgument"/> for a bad kind, name,
    /// version or digest, a package whose manifest does not hash to its digest, or a recipe of the wrong
    /// kind; <see cref="ErrorKind.FailedPrecondition"/> when its recipe or some of its chunks were not
    /// uploaded (with how many are missing).
    /// </summary>
    public async Task<LibraryItemView> AddAsync(LibraryItemRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind is not (LibraryKinds.Image or LibraryKinds.Package or LibraryKinds.State))
        {
            throw HoistException.InvalidArgument($"library item kind '{request.Kind}' is none of image, package, state");
        }

        Names.Validate(request.Name, $"{request.Kind} name");
        Names.ValidateVersion(request.Version);
        var digest = Digest.Parse(request.Digest, $"the digest of {request.Kind} {request.Name}");
        var recipeDigest = Digest.Parse(request.Recipe, $"the recipe of {request.Kind} {request.Name}");
        CheckMetadata(request, digest);
        await Mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Recipes.Contains(recipeDigest))
            {
                throw HoistException.FailedPrecondition($"the recipe {recipeDigest} of {request.Kind} {request.Name} was not uploaded", "upload it first (PUT /v1/recipes/DIGEST)");
            }

            var recipe = await Recipes.ReadParsedAsync(recipeDigest, cancellationToken).ConfigureAwait(false);
            if ((request.Kind == LibraryKinds.Package) != (recipe.Blob is not null))
            {
                throw HoistException.InvalidArgument($"{request.Kind} {request.Name} needs a {(request.Kind == LibraryKinds.Package ? "blob" : "tree")} recipe, and {recipeDigest} is a {recipe.Format} recipe");
            }

            var chunks = recipe.Chunks;
            var missing = Chunks.Missing(chunks.Select(c => Digest.Parse(c)));
            if (missing.Count > 0)
            {
                throw HoistException.FailedPrecondition(
                    $"{missing.Count} of the {chunks.Count} chunks of {request.Kind} {request.Name} {request.Version} are missing (the first: {missing[0]})", "upload them first (POST /v1/chunks)");
            }

            var item = new LibraryItemRecord
            {
                Kind = request.Kind, Name = request.Name, Version = request.Version, Digest = digest.ToString(), Recipe = recipeDigest.ToString(),
                LogicalBytes = request.LogicalBytes > 0 ? request.LogicalBytes : recipe.LogicalBytes, Created = _time.GetUtcNow(),
                Image = request.Image, Manifest = request.Manifest, Chunks = chunks,
            };
            Task saved;
            List<string> unique;
            lock (_state.Gate)
            {
                _state.Library.Put(item);
                _ = _state.Store.Enqueue(db => LibraryRows.Save(db, item));
                _events.Add(EventKinds.LibraryAdded, $"{item.Kind}/{item.Name}", $"{item.Kind} {item.Name} {item.Version} added: {ByteSize.Format(item.LogicalBytes)}, {chunks.Count} chunks");
                unique = Unique(item);
                saved = _state.Flush();
            }

            await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
            return View(item, unique);
        }
        finally
        {
            Mutation.Release();
        }
    }

    /// <summary>Removes an item (the newest without a version). Throws <see cref="ErrorKind.NotFound"/>, and
    /// <see cref="ErrorKind.FailedPrecondition"/> for a package that apps run or an image a host is being upgraded to.</summary>
    public async Task RemoveAsync(string kind, string name, string? version, CancellationToken cancellationToken)
    {
        Task saved;
        lock (_state.Gate)
        {
            var item = Find(kind, name, version);
            var users = kind == LibraryKinds.Package ? _state.Apps.Values.Where(a => a.Record.Package == item.Digest).Select(a => a.Name).ToList() : [];
            if (users.Count > 0)
            {
                throw HoistException.FailedPrecondition($"package {item.Name} {item.Version} is used by {string.Join(", ", users)}", "remove those apps first");
            }

            _state.Library.Remove(item.Kind, item.Name, item.Version);
            _ = _state.Store.Enqueue(db => LibraryRows.Delete(db, item));
            _events.Add(EventKinds.LibraryRemoved, $"{item.Kind}/{item.Name}", $"{item.Kind} {item.Name} {item.Version} removed (its chunks go at the next gc)");
            saved = _state.Flush();
        }

        await saved.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The chunks a recipe names, or none when the recipe is not kept.</summary>
    public async Task<IReadOnlyList<string>> RecipeChunksAsync(string recipe, CancellationToken cancellationToken) =>
        Digest.TryParse(recipe, out var digest) && Recipes.Contains(digest)
            ? (await Recipes.ReadParsedAsync(digest, cancellationToken).ConfigureAwait(false)).Chunks
            : [];

    /// <summary>Keeps the state a migration moved as the item state/APP/MIGRATION, replacing the app's
    /// earlier state items. Under the fabric's lock.</summary>
    public void KeepState(AppRecord app, string migration, string recipe, long bytes, IReadOnlyList<string> chunks)
    {
        foreach (var old in _state.Library.Items.Where(i => i.Kind == LibraryKinds.State && i.Name == app.Name && i.Version != migration).ToList())
        {
            _state.Library.Remove(old.Kind, old.Name, old.Version);
            _ = _state.Store.Enqueue(db => LibraryRows.Delete(db, old));
        }

        var item = new LibraryItemRecord
        {
            Kind = LibraryKinds.State, Name = app.Name, Version = migration, Digest = recipe, Recipe = recipe, LogicalBytes = bytes,
            Created = _time.GetUtcNow(), Chunks = chunks,
        };
        _state.Library.Put(item);
        _ = _state.Store.Enqueue(db => LibraryRows.Save(db, item));
        _events.Add(EventKinds.LibraryAdded, $"{item.Kind}/{item.Name}", $"state of {app.Name} after {migration} kept: {ByteSize.Format(bytes)}, {chunks.Count} chunks");
    }

    private static void CheckMetadata(LibraryItemRequest request, Digest digest)
    {
        if (request.Kind == LibraryKinds.Image && request.Image is null)
        {
            throw HoistException.InvalidArgument($"image {request.Name} comes without its facts (OS, architecture, glibc, libraries)");
        }

        if (request.Kind != LibraryKinds.Package)
        {
            return;
        }

        if (request.Manifest is null || Digest.Of(Encoding.UTF8.GetBytes(request.Manifest)) != digest)
        {
            throw HoistException.InvalidArgument($"package {request.Name}: {(request.Manifest is null ? "its manifest is missing" : "its manifest does not hash to its digest " + digest)}");
        }

        var manifest = ManifestSerializer.Deserialize(request.Manifest, $"the manifest of package {request.Name}");
        if (manifest.Name != request.Name || manifest.Version != request.Version)
        {
            throw HoistException.InvalidArgument($"package {request.Name} {request.Version}: its manifest names {manifest.Name} {manifest.Version}");
        }
    }

    private LibraryItemRecord Find(string kind, string name, string? version)
    {
        var item = kind == LibraryKinds.Package && version is null
            ? _state.Library.ResolvePackage(name).Item
            : _state.Library.Find(kind, name, version);
        return item ?? throw HoistException.NotFound(
            $"{kind} '{name}'{(version is null ? string.Empty : " version " + version)} is not in the controller's library", $"push it with 'hoist library push {name}'");
    }

    /// <summary>Forgets the remembered size of a chunk that was removed.</summary>
    public void Forget(string chunk) => _sizes.TryRemove(chunk, out _);

    /// <summary>The item's chunks that no other item references. Under the fabric's lock.</summary>
    private List<string> Unique(LibraryItemRecord item) => item.Chunks.Where(c => _state.Library.References(c) == 1).ToList();

    private LibraryItemView View(LibraryItemRecord item, List<string> unique) => new()
    {
        Kind = item.Kind, Name = item.Name, Version = item.Version, Digest = item.Digest, Recipe = item.Recipe,
        LogicalBytes = item.LogicalBytes, UniqueBytes = unique.Sum(StoredSize), Chunks = item.Chunks.Count, Created = item.Created,
        Image = item.Image, Manifest = item.Manifest,
    };

    /// <summary>A chunk's stored size, remembered (a chunk never changes); 0 for a chunk the store lacks.</summary>
    private long StoredSize(string chunk)
    {
        if (_sizes.TryGetValue(chunk, out var size))
        {
            return size;
        }

        try
        {
            return _sizes[chunk] = Chunks.StoredSize(Digest.Parse(chunk));
        }
        catch (HoistException)
        {
            return 0;
        }
    }
}
