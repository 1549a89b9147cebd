using Hoist.Controller.Library;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Api;

/// <summary>The library's routes: listing, items, garbage collection.</summary>
internal static class LibraryEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var library = app.MapGroup("/v1/library").WithTags("library");
        library.MapGet("/", (LibraryService library) => library.List()).WithSummary("Items with logical and unique sizes; totals logical and stored");
        library.MapPost("/items", (LibraryItemRequest request, LibraryService library, CancellationToken cancellationToken) => library.AddAsync(request, cancellationToken))
            .WithSummary("Adds an item whose recipe and chunks were uploaded first (409 if a chunk is missing)");
        library.MapGet("/items/{kind}/{name}", (string kind, string name, LibraryService library, string? version) => library.Get(kind, name, version))
            .WithSummary("One item; version omitted: the newest; a package's name may be its digest");
        library.MapDelete("/items/{kind}/{name}", async (string kind, string name, LibraryService library, CancellationToken cancellationToken, string? version) =>
            {
                await library.RemoveAsync(kind, name, version, cancellationToken).ConfigureAwait(false);
                return Results.NoContent();
            })
            .Produces(StatusCodes.Status204NoContent)
            .WithSummary("Removes an item (version omitted: the newest); its chunks go at the next gc");
        library.MapPost("/gc", (GarbageCollector collector, CancellationToken cancellationToken) => collector.CollectAsync(cancellationToken))
            .WithSummary("Removes chunks and recipes no item references (older than 10 minutes, so that uploads in flight survive)");
    }
}
